//! Expiry arithmetic of a Dinamize token, all as plain functions of `now`.
//!
//! Dinamize expires a token after `idle` without use and, in any case, `max_age` after issue.
//! - idle expiry      = last_used_at + idle
//! - hard expiry      = obtained_at + max_age
//! - effective expiry = min(idle expiry, hard expiry)
//! - renew when         now >= effective expiry - renew_before
//! - Redis TTL        = min(time left until the renewal point, REDIS_TTL)
//!
//! Our `last_used_at` is the time a caller was handed the token, which is never later than
//! the call Dinamize sees, so our idle expiry is never later than Dinamize's.

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};

/// The current time at PostgreSQL's precision (microseconds), so a time written to a row and
/// the same time kept in Redis compare equal.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// The token lifetimes, from configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenPolicy {
    /// `DINAMIZE_TOKEN_EXPIRY_INACTIVITY_MINUTES` (60): lifetime without use.
    pub idle: TimeDelta,
    /// `DINAMIZE_TOKEN_MAX_AGE_HOURS` (24): lifetime since issue.
    pub max_age: TimeDelta,
    /// `DINAMIZE_TOKEN_RENEW_BEFORE_MINUTES` (5): renew this long before either expiry.
    pub renew_before: TimeDelta,
    /// `REDIS_TTL` (3600 s): the longest a cached token stays in Redis.
    pub redis_ttl: TimeDelta,
}

impl TokenPolicy {
    /// Builds the policy from the configuration's units. `renew_before` is capped at half of
    /// the shorter lifetime, so that a token is always usable for a while after it is issued
    /// (a renewal margin as long as the idle lifetime would renew on every call).
    pub fn new(
        idle_minutes: i64,
        max_age_hours: i64,
        renew_before_minutes: i64,
        redis_ttl_secs: u64,
    ) -> Self {
        let idle = TimeDelta::minutes(idle_minutes);
        let max_age = TimeDelta::hours(max_age_hours);
        let cap = idle.min(max_age) / 2;
        Self {
            idle,
            max_age,
            renew_before: TimeDelta::minutes(renew_before_minutes).min(cap),
            redis_ttl: TimeDelta::seconds(i64::try_from(redis_ttl_secs).unwrap_or(i64::MAX / 1000)),
        }
    }
}

impl Default for TokenPolicy {
    fn default() -> Self {
        Self::new(60, 24, 5, 3600)
    }
}

/// When a token was issued and last handed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenTimes {
    /// When `/auth` returned it.
    pub obtained_at: DateTime<Utc>,
    /// When a caller last received it.
    pub last_used_at: DateTime<Utc>,
}

impl TokenTimes {
    /// A token just obtained at `now`.
    pub fn fresh(now: DateTime<Utc>) -> Self {
        Self {
            obtained_at: now,
            last_used_at: now,
        }
    }

    /// `last_used_at + idle`.
    pub fn idle_expiry(&self, policy: &TokenPolicy) -> DateTime<Utc> {
        self.last_used_at + policy.idle
    }

    /// `obtained_at + max_age`.
    pub fn hard_expiry(&self, policy: &TokenPolicy) -> DateTime<Utc> {
        self.obtained_at + policy.max_age
    }

    /// The earlier of the idle and the hard expiry.
    pub fn effective_expiry(&self, policy: &TokenPolicy) -> DateTime<Utc> {
        self.idle_expiry(policy).min(self.hard_expiry(policy))
    }

    /// The moment from which the token must be renewed instead of used.
    pub fn renew_at(&self, policy: &TokenPolicy) -> DateTime<Utc> {
        self.effective_expiry(policy) - policy.renew_before
    }

    /// True when the token must not be handed out any more.
    pub fn needs_renewal(&self, now: DateTime<Utc>, policy: &TokenPolicy) -> bool {
        now >= self.renew_at(policy)
    }

    /// How long Redis may keep the token: until its renewal point, at most `REDIS_TTL`;
    /// `None` when it is already due for renewal (then it is not cached at all).
    pub fn redis_ttl(
        &self,
        now: DateTime<Utc>,
        policy: &TokenPolicy,
    ) -> Option<std::time::Duration> {
        let left = (self.renew_at(policy) - now).min(policy.redis_ttl);
        if left <= TimeDelta::zero() {
            return None;
        }
        left.to_std().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 0, 0, 0).unwrap() + TimeDelta::minutes(minutes)
    }

    fn times(obtained: i64, used: i64) -> TokenTimes {
        TokenTimes {
            obtained_at: at(obtained),
            last_used_at: at(used),
        }
    }

    #[test]
    fn idle_expiry_is_last_use_plus_the_idle_minutes() {
        assert_eq!(times(0, 30).idle_expiry(&TokenPolicy::default()), at(90));
    }

    #[test]
    fn hard_expiry_is_issue_plus_the_max_age() {
        assert_eq!(
            times(0, 30).hard_expiry(&TokenPolicy::default()),
            at(24 * 60)
        );
    }

    #[test]
    fn effective_expiry_is_the_earlier_of_the_two() {
        let policy = TokenPolicy::default();
        assert_eq!(times(0, 30).effective_expiry(&policy), at(90));
        assert_eq!(
            times(0, 24 * 60 - 10).effective_expiry(&policy),
            at(24 * 60)
        );
    }

    #[test]
    fn a_token_is_renewed_from_renew_before_ahead_of_its_idle_expiry() {
        let policy = TokenPolicy::default();
        let t = times(0, 0);
        assert!(!t.needs_renewal(at(54), &policy));
        assert!(t.needs_renewal(at(55), &policy));
        assert!(t.needs_renewal(at(200), &policy));
    }

    #[test]
    fn a_token_in_constant_use_is_renewed_before_its_max_age() {
        let policy = TokenPolicy::default();
        let t = times(0, 24 * 60 - 6);
        assert!(!t.needs_renewal(at(24 * 60 - 6), &policy));
        assert!(t.needs_renewal(at(24 * 60 - 5), &policy));
    }

    #[test]
    fn a_renewal_margin_as_long_as_the_idle_life_is_capped_at_half_of_it() {
        let policy = TokenPolicy::new(10, 24, 10, 3600);
        assert_eq!(policy.renew_before, TimeDelta::minutes(5));
        assert!(!times(0, 0).needs_renewal(at(4), &policy));
        assert_eq!(TokenPolicy::default().renew_before, TimeDelta::minutes(5));
    }

    #[test]
    fn redis_ttl_is_bounded_by_redis_ttl_and_by_the_renewal_point() {
        let policy = TokenPolicy::default();
        let t = times(0, 0);
        assert_eq!(
            t.redis_ttl(at(0), &policy),
            Some(std::time::Duration::from_secs(55 * 60))
        );
        let short = TokenPolicy {
            redis_ttl: TimeDelta::seconds(60),
            ..policy
        };
        assert_eq!(
            t.redis_ttl(at(0), &short),
            Some(std::time::Duration::from_secs(60))
        );
        assert_eq!(
            t.redis_ttl(at(50), &policy),
            Some(std::time::Duration::from_secs(5 * 60))
        );
        assert_eq!(t.redis_ttl(at(55), &policy), None);
    }
}
