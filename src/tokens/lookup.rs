//! The cache order: Redis first, then PostgreSQL, then `POST /auth`. A stage serves only a
//! token that does not need renewal; a token found in PostgreSQL is copied back to Redis
//! unless Redis is unreachable.

use chrono::{DateTime, Utc};

use super::policy::{TokenPolicy, TokenTimes};

/// Where a token is looked for, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The shared cache (encrypted value, TTL-bounded).
    Redis,
    /// `crm_auth_tokens`, the record.
    Postgres,
}

/// What a stage returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// The store could not be asked (Redis down, pool error).
    Unavailable,
    /// No active token stored.
    Missing,
    /// A token with these times (already decrypted successfully).
    Present(TokenTimes),
}

/// What to do after a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Hand out the token found at this stage.
    Serve,
    /// Look at the next stage.
    Next(Stage),
    /// Nothing usable anywhere: authenticate (under the single-flight lock).
    Authenticate,
}

/// The next step after looking at `stage` and finding `found` at `now`.
pub fn next_step(stage: Stage, found: &Found, now: DateTime<Utc>, policy: &TokenPolicy) -> Step {
    if let Found::Present(times) = found
        && !times.needs_renewal(now, policy)
    {
        return Step::Serve;
    }
    match stage {
        Stage::Redis => Step::Next(Stage::Postgres),
        Stage::Postgres => Step::Authenticate,
    }
}

/// Whether a token served from PostgreSQL should be written back to Redis, given what the
/// Redis stage returned: yes unless Redis was unreachable (no point waiting on it again).
pub fn backfill_redis(redis: &Found) -> bool {
    !matches!(redis, Found::Unavailable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap()
    }

    fn used_minutes_ago(minutes: i64) -> Found {
        let at = now() - TimeDelta::minutes(minutes);
        Found::Present(TokenTimes {
            obtained_at: at,
            last_used_at: at,
        })
    }

    #[test]
    fn a_fresh_token_in_redis_is_served_from_redis() {
        let step = next_step(
            Stage::Redis,
            &used_minutes_ago(1),
            now(),
            &TokenPolicy::default(),
        );
        assert_eq!(step, Step::Serve);
    }

    #[test]
    fn a_redis_miss_outage_or_stale_token_falls_through_to_postgres() {
        let policy = TokenPolicy::default();
        for found in [Found::Missing, Found::Unavailable, used_minutes_ago(56)] {
            assert_eq!(
                next_step(Stage::Redis, &found, now(), &policy),
                Step::Next(Stage::Postgres)
            );
        }
    }

    #[test]
    fn a_fresh_token_in_postgres_is_served_and_a_stale_one_means_authenticate() {
        let policy = TokenPolicy::default();
        assert_eq!(
            next_step(Stage::Postgres, &used_minutes_ago(10), now(), &policy),
            Step::Serve
        );
        for found in [Found::Missing, Found::Unavailable, used_minutes_ago(55)] {
            assert_eq!(
                next_step(Stage::Postgres, &found, now(), &policy),
                Step::Authenticate
            );
        }
    }

    #[test]
    fn a_postgres_token_is_copied_to_redis_unless_redis_is_down() {
        assert!(backfill_redis(&Found::Missing));
        assert!(backfill_redis(&used_minutes_ago(58)));
        assert!(!backfill_redis(&Found::Unavailable));
    }
}
