//! What a call does after each answer, as plain functions of the answer, `now` and the
//! caller's deadline. The actor only carries out the plan.
//!
//! An interactive call waits out rate limits (ours and Dinamize's) and re-authenticates once
//! after an expired token, both within the deadline; anything else goes back to the caller at
//! once: retrying a create after a timeout could add the contact twice, and the sync queue has
//! its own backoff for the background lane.

use std::time::{Duration, Instant};

use crate::dinamize::DinamizeError;

/// The next move of a call after a Dinamize error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Wait this long (rate limited), then try again without spending anything.
    Wait(Duration),
    /// Drop the token everywhere, get a new one, try again at once.
    Reauthenticate,
    /// Return the error to the caller.
    GiveUp,
    /// Rate limited for longer than the deadline allows: answer "retry after" now.
    TooLate(Duration),
}

/// Decides the move after `error`; `reauthenticated` is whether this call already renewed its token.
pub fn after_error(
    error: &DinamizeError,
    reauthenticated: bool,
    now: Instant,
    deadline: Instant,
) -> NextStep {
    match error {
        DinamizeError::RateLimited { retry_after, .. } => {
            wait_or_give_up(*retry_after, now, deadline)
        }
        DinamizeError::ExpiredToken { .. } if !reauthenticated => NextStep::Reauthenticate,
        _ => NextStep::GiveUp,
    }
}

/// The limiter said "not before `retry_in`": wait when the deadline allows, else give up now
/// rather than hang the caller.
pub fn wait_or_give_up(retry_in: Duration, now: Instant, deadline: Instant) -> NextStep {
    if now + retry_in <= deadline {
        NextStep::Wait(retry_in)
    } else {
        NextStep::TooLate(retry_in)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate_limited(secs: u64) -> DinamizeError {
        DinamizeError::RateLimited {
            retry_after: Duration::from_secs(secs),
            request_unique: None,
        }
    }

    fn expired() -> DinamizeError {
        DinamizeError::ExpiredToken {
            code: "240005".into(),
            detail: String::new(),
            request_unique: None,
        }
    }

    #[test]
    fn each_error_has_one_next_step() {
        let now = Instant::now();
        let deadline = now + Duration::from_secs(10);
        let timeout = DinamizeError::Transport {
            message: "t".into(),
            timed_out: true,
        };
        let cases = [
            (
                rate_limited(3),
                false,
                NextStep::Wait(Duration::from_secs(3)),
            ),
            (
                rate_limited(10),
                false,
                NextStep::Wait(Duration::from_secs(10)),
            ),
            (
                rate_limited(11),
                false,
                NextStep::TooLate(Duration::from_secs(11)),
            ),
            (expired(), false, NextStep::Reauthenticate),
            (expired(), true, NextStep::GiveUp),
            (timeout, false, NextStep::GiveUp),
            (
                DinamizeError::HttpStatus { status: 502 },
                false,
                NextStep::GiveUp,
            ),
        ];
        for (error, reauthenticated, expected) in cases {
            assert_eq!(
                after_error(&error, reauthenticated, now, deadline),
                expected,
                "{error}"
            );
        }
    }
}
