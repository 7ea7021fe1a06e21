//! The retry decision: a pure function of the error, the attempt and the policy (jitter is
//! injected), so that every row of the table below is a unit test.
//!
//! | error | decision |
//! |---|---|
//! | `RateLimited { retry_after }` | `WaitWithoutAttempt(retry_after)`: the attempt is not spent |
//! | `ExpiredToken`, first time in this call | `Reauthenticate`: not spent, once |
//! | `ExpiredToken`, again after re-authenticating | transient (a fresh token refused again) |
//! | `Transport` (incl. timeouts), `HttpStatus` 5xx/408/429, `Api` (unknown code) | transient |
//! | transient, `attempt < max_attempts` | `Backoff(base · factor^(attempt-1) · (1 ± jitter))`: 5, 10, 20 s ±10 % |
//! | transient, `attempt >= max_attempts` | `Stop` |
//! | `Auth`, `Validation`, other `HttpStatus` 4xx, `Encode` | `Stop`: retrying sends the same thing |
//! | `Decode` | `Stop`: the same answer would come back, and on a success envelope the server already acted (retrying an add could duplicate it) |

use std::time::Duration;

use super::error::DinamizeError;

/// How failed calls are retried. `Default` is the design's: 4 attempts (first run + 3
/// retries), 5 s base, factor 2, ±10 % jitter.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in total, the first run included.
    pub max_attempts: u32,
    /// Wait after the first failed attempt.
    pub base: Duration,
    /// Growth of the wait per further attempt.
    pub factor: u32,
    /// Relative jitter (0.10 = ±10 %), so that jobs failed together do not retry together.
    pub jitter: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base: Duration::from_secs(5),
            factor: 2,
            jitter: 0.10,
        }
    }
}

/// Where a call stands when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    /// Attempts spent so far, the failed one included (1 after the first run).
    pub number: u32,
    /// Whether this call already re-authenticated after an expired token.
    pub reauthenticated: bool,
}

impl Attempt {
    /// The first run of a call.
    pub fn first() -> Self {
        Self {
            number: 1,
            reauthenticated: false,
        }
    }

    /// Attempt `number`, not yet re-authenticated.
    pub fn new(number: u32) -> Self {
        Self {
            number,
            reauthenticated: false,
        }
    }
}

/// What to do after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Give up: the error is permanent or the attempts are spent.
    Stop,
    /// Wait this long (the server said so) and try again without spending an attempt.
    WaitWithoutAttempt(Duration),
    /// Get a new token and try again at once without spending an attempt; set
    /// `Attempt::reauthenticated` for the retry.
    Reauthenticate,
    /// Wait this long, then make the next attempt (`Attempt::number + 1`).
    Backoff(Duration),
}

/// Decides what follows `error` on `attempt`. `jitter` is a number in `[-1, 1]` drawn by the
/// caller (see [`random_jitter`]); it is clamped to that range.
pub fn decide(
    error: &DinamizeError,
    attempt: &Attempt,
    policy: &RetryPolicy,
    jitter: f64,
) -> RetryDecision {
    match error {
        DinamizeError::RateLimited { retry_after, .. } => {
            RetryDecision::WaitWithoutAttempt(*retry_after)
        }
        DinamizeError::ExpiredToken { .. } if !attempt.reauthenticated => {
            RetryDecision::Reauthenticate
        }
        e if is_transient(e) => {
            if attempt.number >= policy.max_attempts {
                RetryDecision::Stop
            } else {
                RetryDecision::Backoff(backoff(attempt.number, policy, jitter))
            }
        }
        _ => RetryDecision::Stop,
    }
}

/// Whether a later identical attempt may succeed.
pub fn is_transient(error: &DinamizeError) -> bool {
    match error {
        DinamizeError::Transport { .. }
        | DinamizeError::Api { .. }
        | DinamizeError::ExpiredToken { .. } => true,
        DinamizeError::HttpStatus { status } => *status >= 500 || *status == 408 || *status == 429,
        DinamizeError::RateLimited { .. } => true,
        DinamizeError::Auth { .. }
        | DinamizeError::Validation { .. }
        | DinamizeError::Decode { .. }
        | DinamizeError::Encode { .. } => false,
    }
}

/// The wait after failed attempt `attempt` (1-based): `base · factor^(attempt-1)`, moved by
/// `jitter · policy.jitter` of itself.
pub fn backoff(attempt: u32, policy: &RetryPolicy, jitter: f64) -> Duration {
    let exponent = attempt.saturating_sub(1).min(30);
    let nominal = policy.base.as_secs_f64() * f64::from(policy.factor).powi(exponent as i32);
    let jitter = if jitter.is_finite() {
        jitter.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    Duration::from_secs_f64((nominal * (1.0 + jitter * policy.jitter)).max(0.0))
}

/// A jitter sample in `[-1, 1]` for [`decide`].
pub fn random_jitter() -> f64 {
    rand::random_range(-1.0..=1.0)
}

#[cfg(test)]
mod tests;
