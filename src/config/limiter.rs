//! `DINAMIZE_RATE_LIMIT_*`: the shape of the sliding window every instance shares.

use std::time::Duration;

use super::{ConfigError, Env};

/// The distributed rate limiter.
#[derive(Debug, Clone)]
pub struct LimiterConfig {
    /// `DINAMIZE_RATE_LIMIT_WINDOW_MS` (default `60000`): the sliding window's length. Dinamize
    /// counts per minute; tests and benchmarks shorten it.
    pub window: Duration,
}

impl LimiterConfig {
    pub(super) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        Ok(Self {
            window: env.millis("DINAMIZE_RATE_LIMIT_WINDOW_MS", 60_000)?,
        })
    }
}
