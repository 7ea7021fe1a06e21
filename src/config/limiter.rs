//! `DINAMIZE_RATE_LIMIT_*`: the shape of the sliding window every instance shares.

use std::time::Duration;

use super::{ConfigError, Env};
use crate::limiter::{DEFAULT_BACKGROUND_RESERVE, DEFAULT_GUARD};

/// The distributed rate limiter. The limit itself is per company
/// (`crm_dinamize_accounts.requests_per_minute`, default `DINAMIZE_RATE_LIMIT_PER_MINUTE`).
#[derive(Debug, Clone)]
pub struct LimiterConfig {
    /// `DINAMIZE_RATE_LIMIT_WINDOW_MS` (default `60000`): the sliding window's length. Dinamize
    /// counts per minute; tests and benchmarks shorten it.
    pub window: Duration,
    /// `DINAMIZE_RATE_LIMIT_GUARD_MS` (default `50`): how much longer than the window each
    /// permit keeps its slot, to absorb the time between the decision and the request's arrival
    /// at Dinamize. Must exceed that delay; 0 lets the receiver count more than the limit.
    pub guard: Duration,
    /// `DINAMIZE_RATE_LIMIT_BACKGROUND_RESERVE` (default `6`): slots of each window that sync
    /// jobs leave to the frontend's interactive calls (background always keeps at least one).
    pub background_reserve: u32,
}

impl LimiterConfig {
    pub(super) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let default_guard = DEFAULT_GUARD.as_millis() as u64;
        Ok(Self {
            window: env.millis("DINAMIZE_RATE_LIMIT_WINDOW_MS", 60_000)?,
            guard: Duration::from_millis(env.number_at_least(
                "DINAMIZE_RATE_LIMIT_GUARD_MS",
                default_guard,
                0,
            )?),
            background_reserve: env.number_at_least(
                "DINAMIZE_RATE_LIMIT_BACKGROUND_RESERVE",
                DEFAULT_BACKGROUND_RESERVE,
                0,
            )?,
        })
    }
}
