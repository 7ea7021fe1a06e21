//! The range of every numeric setting, in one table. Every one has an upper bound: a value the
//! service could not turn into a `Duration`, a `TimeDelta` or a deadline (`Instant + Duration`)
//! without overflowing or panicking is refused at start-up (exit code 2 naming the variable).
//! The maxima are far beyond any sensible value and far below any overflow.

use crate::limiter::{DEFAULT_BACKGROUND_RESERVE, DEFAULT_GUARD};

/// One numeric variable: its default and the inclusive range it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    /// The environment variable.
    pub var: &'static str,
    /// The value used when the variable is unset.
    pub default: u64,
    /// The smallest accepted value.
    pub min: u64,
    /// The largest accepted value.
    pub max: u64,
}

const fn bound(var: &'static str, default: u64, min: u64, max: u64) -> Bound {
    Bound {
        var,
        default,
        min,
        max,
    }
}

/// Ten minutes, in ms: the longest timeout or deadline any setting may ask for.
const TEN_MINUTES_MS: u64 = 600_000;
/// A year in minutes: the longest token lifetime (Dinamize's own is 60 min idle, 24 h max).
const YEAR_MINUTES: u64 = 525_600;

pub const DATABASE_POOL_SIZE: Bound = bound("DATABASE_POOL_SIZE", 10, 1, 1_000);
pub const DATABASE_CONNECT_TIMEOUT_MS: Bound =
    bound("DATABASE_CONNECT_TIMEOUT_MS", 5_000, 1, TEN_MINUTES_MS);
pub const REDIS_DB: Bound = bound("REDIS_DB", 0, 0, 10_000);
/// Seconds; a year.
pub const REDIS_TTL: Bound = bound("REDIS_TTL", 3_600, 1, 31_536_000);
pub const REDIS_CONNECT_TIMEOUT_MS: Bound =
    bound("REDIS_CONNECT_TIMEOUT_MS", 1_000, 1, TEN_MINUTES_MS);
pub const REDIS_RESPONSE_TIMEOUT_MS: Bound =
    bound("REDIS_RESPONSE_TIMEOUT_MS", 1_000, 1, TEN_MINUTES_MS);
/// Seconds; an hour.
pub const HTTP_SHUTDOWN_TIMEOUT_SECS: Bound = bound("HTTP_SHUTDOWN_TIMEOUT_SECS", 30, 0, 3_600);
pub const HTTP_WORKERS: Bound = bound("HTTP_WORKERS", 2, 1, 1_024);
/// 64 MiB.
pub const HTTP_MAX_BODY_BYTES: Bound = bound("HTTP_MAX_BODY_BYTES", 262_144, 1_024, 67_108_864);
pub const DINAMIZE_TOKEN_EXPIRY_INACTIVITY_MINUTES: Bound = bound(
    "DINAMIZE_TOKEN_EXPIRY_INACTIVITY_MINUTES",
    60,
    1,
    YEAR_MINUTES,
);
/// Hours; a year.
pub const DINAMIZE_TOKEN_MAX_AGE_HOURS: Bound =
    bound("DINAMIZE_TOKEN_MAX_AGE_HOURS", 24, 1, YEAR_MINUTES / 60);
pub const DINAMIZE_TOKEN_RENEW_BEFORE_MINUTES: Bound =
    bound("DINAMIZE_TOKEN_RENEW_BEFORE_MINUTES", 5, 0, YEAR_MINUTES);
pub const DINAMIZE_RATE_LIMIT_PER_MINUTE: Bound =
    bound("DINAMIZE_RATE_LIMIT_PER_MINUTE", 60, 1, 1_000_000);
pub const DINAMIZE_REQUEST_TIMEOUT: Bound =
    bound("DINAMIZE_REQUEST_TIMEOUT", 20_000, 1, TEN_MINUTES_MS);
pub const DINAMIZE_INTERACTIVE_DEADLINE_MS: Bound = bound(
    "DINAMIZE_INTERACTIVE_DEADLINE_MS",
    15_000,
    1,
    TEN_MINUTES_MS,
);
/// A day, in ms.
pub const DINAMIZE_RATE_LIMIT_WINDOW_MS: Bound =
    bound("DINAMIZE_RATE_LIMIT_WINDOW_MS", 60_000, 1, 86_400_000);
pub const DINAMIZE_RATE_LIMIT_GUARD_MS: Bound = bound(
    "DINAMIZE_RATE_LIMIT_GUARD_MS",
    DEFAULT_GUARD.as_millis() as u64,
    0,
    60_000,
);
pub const DINAMIZE_RATE_LIMIT_BACKGROUND_RESERVE: Bound = bound(
    "DINAMIZE_RATE_LIMIT_BACKGROUND_RESERVE",
    DEFAULT_BACKGROUND_RESERVE as u64,
    0,
    1_000_000,
);

pub const CRM_ROLE_CACHE_MS: Bound = bound("CRM_ROLE_CACHE_MS", 5_000, 1, TEN_MINUTES_MS);

/// At least 50 ms (tests), at most ten minutes: an alert checked less often is late.
pub const ALERT_CHECK_INTERVAL_MS: Bound =
    bound("ALERT_CHECK_INTERVAL_MS", 15_000, 50, TEN_MINUTES_MS);
pub const ALERT_FAILURE_RATE_PERCENT: Bound = bound("ALERT_FAILURE_RATE_PERCENT", 20, 1, 100);
/// Seconds; a day.
pub const ALERT_FAILURE_WINDOW_SECS: Bound = bound("ALERT_FAILURE_WINDOW_SECS", 300, 10, 86_400);
pub const ALERT_FAILURE_MIN_JOBS: Bound = bound("ALERT_FAILURE_MIN_JOBS", 10, 1, 1_000_000);
pub const ALERT_RATE_LIMITED_PER_MINUTE: Bound =
    bound("ALERT_RATE_LIMITED_PER_MINUTE", 5, 1, 1_000_000);
/// Seconds; a week.
pub const ALERT_OLDEST_WAITING_SECS: Bound = bound("ALERT_OLDEST_WAITING_SECS", 600, 1, 604_800);

/// Every bounded variable (the tests walk this list). `SYNC_*` are bounded in `sync.rs`.
pub const ALL: &[Bound] = &[
    DATABASE_POOL_SIZE,
    DATABASE_CONNECT_TIMEOUT_MS,
    REDIS_DB,
    REDIS_TTL,
    REDIS_CONNECT_TIMEOUT_MS,
    REDIS_RESPONSE_TIMEOUT_MS,
    HTTP_SHUTDOWN_TIMEOUT_SECS,
    HTTP_WORKERS,
    HTTP_MAX_BODY_BYTES,
    DINAMIZE_TOKEN_EXPIRY_INACTIVITY_MINUTES,
    DINAMIZE_TOKEN_MAX_AGE_HOURS,
    DINAMIZE_TOKEN_RENEW_BEFORE_MINUTES,
    DINAMIZE_RATE_LIMIT_PER_MINUTE,
    DINAMIZE_REQUEST_TIMEOUT,
    DINAMIZE_INTERACTIVE_DEADLINE_MS,
    DINAMIZE_RATE_LIMIT_WINDOW_MS,
    DINAMIZE_RATE_LIMIT_GUARD_MS,
    DINAMIZE_RATE_LIMIT_BACKGROUND_RESERVE,
    CRM_ROLE_CACHE_MS,
    ALERT_CHECK_INTERVAL_MS,
    ALERT_FAILURE_RATE_PERCENT,
    ALERT_FAILURE_WINDOW_SECS,
    ALERT_FAILURE_MIN_JOBS,
    ALERT_RATE_LIMITED_PER_MINUTE,
    ALERT_OLDEST_WAITING_SECS,
];

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use chrono::{TimeDelta, Utc};

    use super::*;
    use crate::config::{Config, Env};
    use crate::tokens::TokenPolicy;

    fn load(var: &str, value: u64) -> Result<Config, String> {
        Config::from_vars(&Env::default().with(var, value.to_string())).map_err(|e| e.to_string())
    }

    /// The largest value loads, one more is refused naming the variable and its range, and
    /// (where the minimum is above 0) one less than the minimum is refused too.
    fn holds(bound: Bound) {
        assert!(
            load(bound.var, bound.max).is_ok(),
            "{} at its maximum",
            bound.var
        );
        assert!(
            load(bound.var, bound.min).is_ok(),
            "{} at its minimum",
            bound.var
        );
        let error = load(bound.var, bound.max + 1).unwrap_err();
        let range = format!("from {} to {}", bound.min, bound.max);
        assert!(
            error.starts_with(bound.var) && error.contains(&range),
            "{error}"
        );
        if bound.min > 0 {
            assert!(
                load(bound.var, bound.min - 1).is_err(),
                "{} below",
                bound.var
            );
        }
        assert!(load(bound.var, bound.default).is_ok());
    }

    macro_rules! bound_tests {
        ($($name:ident: $bound:ident),* $(,)?) => {
            $(#[test] fn $name() { holds($bound); })*
            #[test]
            fn every_bound_has_its_own_test() {
                assert_eq!(ALL, &[$($bound),*]);
            }
        };
    }

    bound_tests! {
        database_pool_size_is_bounded: DATABASE_POOL_SIZE,
        database_connect_timeout_is_bounded: DATABASE_CONNECT_TIMEOUT_MS,
        redis_db_is_bounded: REDIS_DB,
        redis_ttl_is_bounded: REDIS_TTL,
        redis_connect_timeout_is_bounded: REDIS_CONNECT_TIMEOUT_MS,
        redis_response_timeout_is_bounded: REDIS_RESPONSE_TIMEOUT_MS,
        http_shutdown_timeout_is_bounded: HTTP_SHUTDOWN_TIMEOUT_SECS,
        http_workers_is_bounded: HTTP_WORKERS,
        http_max_body_bytes_is_bounded: HTTP_MAX_BODY_BYTES,
        token_idle_minutes_is_bounded: DINAMIZE_TOKEN_EXPIRY_INACTIVITY_MINUTES,
        token_max_age_hours_is_bounded: DINAMIZE_TOKEN_MAX_AGE_HOURS,
        token_renew_before_minutes_is_bounded: DINAMIZE_TOKEN_RENEW_BEFORE_MINUTES,
        rate_limit_per_minute_is_bounded: DINAMIZE_RATE_LIMIT_PER_MINUTE,
        request_timeout_is_bounded: DINAMIZE_REQUEST_TIMEOUT,
        interactive_deadline_is_bounded: DINAMIZE_INTERACTIVE_DEADLINE_MS,
        rate_limit_window_is_bounded: DINAMIZE_RATE_LIMIT_WINDOW_MS,
        rate_limit_guard_is_bounded: DINAMIZE_RATE_LIMIT_GUARD_MS,
        background_reserve_is_bounded: DINAMIZE_RATE_LIMIT_BACKGROUND_RESERVE,
        role_cache_is_bounded: CRM_ROLE_CACHE_MS,
        alert_check_interval_is_bounded: ALERT_CHECK_INTERVAL_MS,
        alert_failure_rate_is_bounded: ALERT_FAILURE_RATE_PERCENT,
        alert_failure_window_is_bounded: ALERT_FAILURE_WINDOW_SECS,
        alert_failure_min_jobs_is_bounded: ALERT_FAILURE_MIN_JOBS,
        alert_rate_limited_is_bounded: ALERT_RATE_LIMITED_PER_MINUTE,
        alert_oldest_waiting_is_bounded: ALERT_OLDEST_WAITING_SECS,
    }

    #[test]
    fn a_huge_token_max_age_is_refused_instead_of_panicking_in_time_delta() {
        let error = load("DINAMIZE_TOKEN_MAX_AGE_HOURS", u64::MAX / 2).unwrap_err();
        assert!(
            error.starts_with("DINAMIZE_TOKEN_MAX_AGE_HOURS:"),
            "{error}"
        );
    }

    #[test]
    fn the_longest_token_lifetimes_build_a_policy_usable_with_dates() {
        let d = load(
            "DINAMIZE_TOKEN_MAX_AGE_HOURS",
            DINAMIZE_TOKEN_MAX_AGE_HOURS.max,
        )
        .unwrap()
        .dinamize;
        let idle = DINAMIZE_TOKEN_EXPIRY_INACTIVITY_MINUTES.max as i64;
        let renew = DINAMIZE_TOKEN_RENEW_BEFORE_MINUTES.max as i64;
        let policy = TokenPolicy::new(idle, d.token_max_age_hours, renew, REDIS_TTL.max);
        let latest = Utc::now() + policy.max_age + policy.idle + policy.redis_ttl;
        assert!(latest > Utc::now() + TimeDelta::days(364));
    }

    #[test]
    fn the_longest_interactive_deadline_fits_an_instant() {
        let error = load("DINAMIZE_INTERACTIVE_DEADLINE_MS", u64::MAX).unwrap_err();
        assert!(
            error.starts_with("DINAMIZE_INTERACTIVE_DEADLINE_MS:"),
            "{error}"
        );
        let d = load(
            "DINAMIZE_INTERACTIVE_DEADLINE_MS",
            DINAMIZE_INTERACTIVE_DEADLINE_MS.max,
        )
        .unwrap()
        .dinamize;
        assert!(Instant::now().checked_add(d.interactive_deadline).is_some());
    }
}
