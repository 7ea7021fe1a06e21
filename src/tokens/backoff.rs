//! A short pause after a failed `/auth` (other than refused credentials, which mark the account
//! misconfigured instead): for that long, every caller on every instance gets the failure at
//! once instead of queueing for `/auth` one after another, which would turn a Dinamize outage
//! or a rate limit into a storm of logins. Kept in Redis (`<prefix>token_backoff:{company}`) as
//! `rate` (a 240024 answer: callers get `RateLimited` with the time left) or `fail:<message>`.

use std::time::Duration;

use ::redis::RedisResult;
use ::redis::aio::ConnectionManager;

use crate::dinamize::DinamizeError;

use super::error::TokenError;

/// How long callers fail fast after an `/auth` that failed for a transient reason (long enough
/// to absorb a burst of waiters, short enough that a recovered Dinamize is used at once).
pub const AUTH_FAILURE_BACKOFF: Duration = Duration::from_secs(2);

/// How long to pause after `/auth` failed with `error`; `None` for no pause.
pub fn backoff_for(error: &DinamizeError) -> Option<Duration> {
    match error {
        DinamizeError::RateLimited { retry_after, .. } => {
            Some((*retry_after).max(Duration::from_millis(100)))
        }
        DinamizeError::Auth { .. } | DinamizeError::Encode { .. } => None,
        _ => Some(AUTH_FAILURE_BACKOFF),
    }
}

/// The stored marker of `error`.
pub fn marker(error: &DinamizeError) -> String {
    match error {
        DinamizeError::RateLimited { .. } => "rate".into(),
        other => format!("fail:{other}"),
    }
}

/// The error a caller gets while the marker is in force, `remaining` before it expires.
pub fn to_error(marker: &str, remaining: Duration) -> TokenError {
    match marker.strip_prefix("fail:") {
        None => TokenError::Dinamize(DinamizeError::RateLimited {
            retry_after: remaining,
            request_unique: None,
        }),
        Some(message) => TokenError::Unavailable(format!(
            "the last /auth failed ({message}); next attempt in {} ms",
            remaining.as_millis()
        )),
    }
}

/// Records the pause.
pub async fn set(
    conn: &mut ConnectionManager,
    key: &str,
    marker: &str,
    ttl: Duration,
) -> RedisResult<()> {
    let millis = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
    ::redis::cmd("SET")
        .arg(key)
        .arg(marker)
        .arg("PX")
        .arg(millis)
        .query_async(conn)
        .await
}

/// The pause in force, with its time left.
pub async fn get(
    conn: &mut ConnectionManager,
    key: &str,
) -> RedisResult<Option<(String, Duration)>> {
    let (marker, ttl): (Option<String>, i64) = ::redis::pipe()
        .cmd("GET")
        .arg(key)
        .cmd("PTTL")
        .arg(key)
        .query_async(conn)
        .await?;
    let remaining = Duration::from_millis(u64::try_from(ttl).unwrap_or(0));
    Ok(marker.map(|m| (m, remaining)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_limited_login_pauses_for_its_retry_after_and_callers_get_the_time_left() {
        let error = DinamizeError::RateLimited {
            retry_after: Duration::from_secs(17),
            request_unique: None,
        };
        assert_eq!(backoff_for(&error), Some(Duration::from_secs(17)));
        match to_error(&marker(&error), Duration::from_secs(9)) {
            TokenError::Dinamize(DinamizeError::RateLimited { retry_after, .. }) => {
                assert_eq!(retry_after, Duration::from_secs(9));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_transport_failure_pauses_briefly_and_refused_credentials_do_not_pause() {
        let transport = DinamizeError::Transport {
            message: "connection refused".into(),
            timed_out: false,
        };
        assert_eq!(backoff_for(&transport), Some(AUTH_FAILURE_BACKOFF));
        let error = to_error(&marker(&transport), Duration::from_millis(1500));
        assert!(
            matches!(error, TokenError::Unavailable(ref m) if m.contains("connection refused")),
            "{error:?}"
        );
        let refused = DinamizeError::Auth {
            code: "240004".into(),
            detail: "invalid".into(),
            request_unique: None,
        };
        assert_eq!(backoff_for(&refused), None);
    }
}
