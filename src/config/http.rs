//! `HTTP_*`: where the REST API listens and how it shuts down.

use std::time::Duration;

use super::{ConfigError, Env, bounds};

/// The HTTP server.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// `HTTP_HOST` (default `0.0.0.0`): the address to bind.
    pub host: String,
    /// `HTTP_PORT` (default `8080`); `0` picks a free port (tests).
    pub port: u16,
    /// `HTTP_SHUTDOWN_TIMEOUT_SECS` (default `30`): how long SIGTERM waits for in-flight requests.
    pub shutdown_timeout: Duration,
    /// `HTTP_WORKERS` (default `2`): actix-web worker threads.
    pub workers: usize,
    /// `HTTP_MAX_BODY_BYTES` (default `262144`): larger JSON bodies are refused with 413.
    pub max_body_bytes: usize,
}

impl HttpConfig {
    pub(super) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        Ok(Self {
            host: env.string("HTTP_HOST", "0.0.0.0"),
            port: env.port("HTTP_PORT", 8080)?,
            shutdown_timeout: Duration::from_secs(
                env.bounded(&bounds::HTTP_SHUTDOWN_TIMEOUT_SECS)?,
            ),
            workers: env.bounded(&bounds::HTTP_WORKERS)?,
            max_body_bytes: env.bounded(&bounds::HTTP_MAX_BODY_BYTES)?,
        })
    }
}
