//! `DINAMIZE_RATE_LIMIT_*`: the shape of the sliding window every instance shares.

use std::time::Duration;

use super::{ConfigError, Env, bounds};

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
        Ok(Self {
            window: env.bounded_millis(&bounds::DINAMIZE_RATE_LIMIT_WINDOW_MS)?,
            guard: env.bounded_millis(&bounds::DINAMIZE_RATE_LIMIT_GUARD_MS)?,
            background_reserve: env.bounded(&bounds::DINAMIZE_RATE_LIMIT_BACKGROUND_RESERVE)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<LimiterConfig, ConfigError> {
        LimiterConfig::from_env(&Env::from_pairs(pairs.iter().copied()))
    }

    #[test]
    fn defaults_are_a_minute_a_fifty_ms_guard_and_six_reserved_slots() {
        let c = config(&[]).unwrap();
        assert_eq!(c.window, Duration::from_secs(60));
        assert_eq!(c.guard, Duration::from_millis(50));
        assert_eq!(c.background_reserve, 6);
    }

    #[test]
    fn a_zero_guard_and_reserve_are_allowed_but_a_zero_window_is_not() {
        let c = config(&[
            ("DINAMIZE_RATE_LIMIT_GUARD_MS", "0"),
            ("DINAMIZE_RATE_LIMIT_BACKGROUND_RESERVE", "0"),
        ])
        .unwrap();
        assert_eq!((c.guard, c.background_reserve), (Duration::ZERO, 0));
        assert!(config(&[("DINAMIZE_RATE_LIMIT_WINDOW_MS", "0")]).is_err());
        assert!(config(&[("DINAMIZE_RATE_LIMIT_GUARD_MS", "soon")]).is_err());
    }
}
