//! The idle clock: every use of a token moves `last_used_at` to now, without a PostgreSQL write
//! per call.
//!
//! Rule: Redis holds the exact `last_used_at` (rewritten on every use, compare-and-set so an
//! invalidated token is never resurrected) together with `persisted_used_at`, the value
//! PostgreSQL's `last_used_at` holds. PostgreSQL is written only when its value is at least
//! [`LAST_USED_PERSIST_EVERY`] old: at most one write per token per interval from the Redis path
//! (only the instance whose compare-and-set wins writes), and at most one per instance per
//! interval on the PostgreSQL-only path (Redis down), where the row's own `last_used_at` is the
//! persisted value. So PostgreSQL lags the truth by less than the interval; a reader that has
//! only PostgreSQL sees an older last use and may renew early, never late.

use chrono::{DateTime, TimeDelta, Utc};

/// How stale PostgreSQL's `last_used_at` may get before a use writes it (5 minutes: one write
/// per token per 5 minutes instead of one per API call; an early renewal costs one `/auth`).
pub const LAST_USED_PERSIST_EVERY: TimeDelta = TimeDelta::minutes(5);

/// What a use at `now` changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Touch {
    /// The new exact last use (never moves backwards).
    pub last_used_at: DateTime<Utc>,
    /// What PostgreSQL holds after this touch.
    pub persisted_used_at: DateTime<Utc>,
    /// True when this use must write `last_used_at` to PostgreSQL.
    pub persist: bool,
}

/// Plans the touch of a token last used at `last_used_at`, whose PostgreSQL row holds
/// `persisted_used_at`, used again at `now`.
pub fn plan_touch(
    last_used_at: DateTime<Utc>,
    persisted_used_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Touch {
    let last_used_at = last_used_at.max(now);
    let persist = last_used_at - persisted_used_at >= LAST_USED_PERSIST_EVERY;
    Touch {
        last_used_at,
        persisted_used_at: if persist {
            last_used_at
        } else {
            persisted_used_at
        },
        persist,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 0, 0, 0).unwrap() + TimeDelta::seconds(seconds)
    }

    #[test]
    fn every_use_moves_the_idle_clock_to_now() {
        let touch = plan_touch(at(0), at(0), at(10));
        assert_eq!(touch.last_used_at, at(10));
    }

    #[test]
    fn uses_within_the_interval_do_not_write_postgres() {
        for seconds in [1, 60, 299] {
            let touch = plan_touch(at(0), at(0), at(seconds));
            assert!(!touch.persist, "{seconds}");
            assert_eq!(touch.persisted_used_at, at(0));
        }
    }

    #[test]
    fn the_first_use_after_the_interval_writes_postgres_once() {
        let first = plan_touch(at(200), at(0), at(300));
        assert!(first.persist);
        assert_eq!(first.persisted_used_at, at(300));
        let next = plan_touch(first.last_used_at, first.persisted_used_at, at(301));
        assert!(!next.persist);
    }

    #[test]
    fn a_late_clock_never_moves_the_last_use_backwards() {
        let touch = plan_touch(at(100), at(0), at(50));
        assert_eq!(touch.last_used_at, at(100));
    }

    #[test]
    fn postgres_never_lags_more_than_the_interval_under_constant_use() {
        let (mut used, mut persisted) = (at(0), at(0));
        for second in 1..3600 {
            let touch = plan_touch(used, persisted, at(second));
            (used, persisted) = (touch.last_used_at, touch.persisted_used_at);
            assert!(used - persisted < LAST_USED_PERSIST_EVERY);
        }
    }
}
