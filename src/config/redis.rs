//! `REDIS_*`: the CRM's Redis variables (`REDIS_URL`, or `REDIS_HOST`/`PORT`/`PASSWORD`/`DB`),
//! plus timeouts.

use std::time::Duration;

use url::Url;

use super::{ConfigError, Env, Secret, bounds};

/// Redis: rate limiter, token cache, locks.
#[derive(Debug, Clone)]
pub struct RedisConfig {
    /// `REDIS_HOST` (default `127.0.0.1`), or the host of `REDIS_URL`.
    pub host: String,
    /// `REDIS_PORT` (default `6379`), or the port of `REDIS_URL`.
    pub port: u16,
    /// The user of `REDIS_URL` (Redis 6 ACL), when it names one other than `default`.
    pub username: Option<String>,
    /// `REDIS_PASSWORD` (default none), or the password of `REDIS_URL`.
    pub password: Option<Secret<String>>,
    /// `REDIS_DB` (default `0`), or the path of `REDIS_URL` (`/2`).
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

/// Where Redis is: from `REDIS_URL` or the separate variables.
struct Address {
    host: String,
    port: u16,
    username: Option<String>,
    password: Option<Secret<String>>,
    db: i64,
}

impl RedisConfig {
    pub(super) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let address = match env.optional("REDIS_URL") {
            Some(url) => parse_url(&url)?,
            None => Address {
                host: env.string("REDIS_HOST", "127.0.0.1"),
                port: env.port("REDIS_PORT", 6379)?,
                username: None,
                password: env.secret("REDIS_PASSWORD"),
                db: env.bounded(&bounds::REDIS_DB)?,
            },
        };
        Ok(Self {
            host: address.host,
            port: address.port,
            username: address.username,
            password: address.password,
            db: address.db,
            key_prefix: env.string("REDIS_KEY_PREFIX", "dwu_crm:"),
            ttl_secs: env.bounded(&bounds::REDIS_TTL)?,
            connect_timeout: env.bounded_millis(&bounds::REDIS_CONNECT_TIMEOUT_MS)?,
            response_timeout: env.bounded_millis(&bounds::REDIS_RESPONSE_TIMEOUT_MS)?,
        })
    }
}

/// `redis://[[user]:password@]host[:port][/db]`; errors never echo the URL (it may hold a
/// password).
fn parse_url(raw: &str) -> Result<Address, ConfigError> {
    const VAR: &str = "REDIS_URL";
    const SHAPE: &str = "redis://[:password@]host[:port][/db]";
    let url = Url::parse(raw).map_err(|_| ConfigError::secret(VAR, SHAPE))?;
    match url.scheme() {
        "redis" => {}
        "rediss" => {
            return Err(ConfigError::secret(
                VAR,
                "redis:// (TLS, rediss://, is not built into this service: reach Redis over a private network or a TLS tunnel)",
            ));
        }
        _ => return Err(ConfigError::secret(VAR, SHAPE)),
    }
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| ConfigError::secret(VAR, SHAPE))?;
    let db = match url.path().trim_start_matches('/') {
        "" => 0,
        db => db
            .parse::<i64>()
            .ok()
            .filter(|db| *db >= 0)
            .ok_or_else(|| ConfigError::secret(VAR, "a database number (/0, /1…) as its path"))?,
    };
    let decode =
        |s: &str| percent_decode(s).ok_or_else(|| ConfigError::secret(VAR, "a password in UTF-8"));
    let username = Some(decode(url.username())?).filter(|u| !u.is_empty() && u != "default");
    let password = url.password().map(decode).transpose()?.map(Secret::new);
    Ok(Address {
        host: host.trim_matches(['[', ']']).to_string(),
        port: url.port().unwrap_or(6379),
        username,
        password,
        db,
    })
}

fn percent_decode(s: &str) -> Option<String> {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
}

#[cfg(test)]
#[path = "redis_tests.rs"]
mod tests;
