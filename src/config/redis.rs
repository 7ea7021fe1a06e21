//! `REDIS_*`: the CRM's Redis variables, plus timeouts.

use std::time::Duration;

use super::{ConfigError, Env, Secret, bounds};

/// Redis: rate limiter, token cache, locks.
#[derive(Debug, Clone)]
pub struct RedisConfig {
    /// `REDIS_HOST` (default `127.0.0.1`).
    pub host: String,
    /// `REDIS_PORT` (default `6379`).
    pub port: u16,
    /// `REDIS_PASSWORD` (default none).
    pub password: Option<Secret<String>>,
    /// `REDIS_DB` (default `0`).
    pub db: i64,
    /// `REDIS_KEY_PREFIX` (default `dwu_crm:`): put before every key this service writes.
    pub key_prefix: String,
    /// `REDIS_TTL` (default `3600` s): the longest a cached token lives in Redis.
    pub ttl_secs: u64,
    /// `REDIS_CONNECT_TIMEOUT_MS` (default `1000`).
    pub connect_timeout: Duration,
    /// `REDIS_RESPONSE_TIMEOUT_MS` (default `1000`): kept short so that a Redis outage turns
    /// into a fail-open decision quickly instead of a stalled request.
    pub response_timeout: Duration,
}

impl RedisConfig {
    pub(super) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        Ok(Self {
            host: env.string("REDIS_HOST", "127.0.0.1"),
            port: env.port("REDIS_PORT", 6379)?,
            password: env.secret("REDIS_PASSWORD"),
            db: env.bounded(&bounds::REDIS_DB)?,
            key_prefix: env.string("REDIS_KEY_PREFIX", "dwu_crm:"),
            ttl_secs: env.bounded(&bounds::REDIS_TTL)?,
            connect_timeout: env.bounded_millis(&bounds::REDIS_CONNECT_TIMEOUT_MS)?,
            response_timeout: env.bounded_millis(&bounds::REDIS_RESPONSE_TIMEOUT_MS)?,
        })
    }
}
