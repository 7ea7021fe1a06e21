//! Where a job goes after a run: a pure function of the outcome, the attempts already spent,
//! the retry policy and a jitter sample, so that every row is a unit test.
//!
//! | outcome | transition |
//! |---|---|
//! | synced (or nothing to send) | `Complete` (a change captured during the run re-queues it) |
//! | rate limited (our limiter or Dinamize's 240024) | `Release` after the wait: no attempt spent |
//! | Dinamize error | `crate::dinamize::retry::decide`, the client having already re-logged once |
//! | company not configured (no account, no list, refused credentials) | `Fail` at once |
//! | our dependency failed, the job panicked | `Retry` with backoff while attempts remain |

use std::time::Duration;

use super::job::{JobError, JobOutcome, Synced};
use crate::dinamize::retry::{self, Attempt, RetryDecision, RetryPolicy};

/// The queue row's next state.
#[derive(Debug, Clone, PartialEq)]
pub enum Transition {
    /// Done.
    Complete(Synced),
    /// Spend the attempt; run again after `delay`.
    Retry { delay: Duration, error: JobError },
    /// Spend the attempt; no more runs.
    Fail { error: JobError },
    /// Keep the attempt; run again after `wait`.
    Release { wait: Duration },
}

impl Transition {
    /// How long until the job runs again, when it goes back to the queue (`Retry`, `Release`);
    /// `None` when the run ended it (`Complete`, `Fail`: only a change captured during the run
    /// brings it back, due at once).
    pub fn runs_again_after(&self) -> Option<Duration> {
        match self {
            Transition::Retry { delay, .. } => Some(*delay),
            Transition::Release { wait } => Some(*wait),
            Transition::Complete(_) | Transition::Fail { .. } => None,
        }
    }
}

/// Decides the transition after a run that followed `attempts_before` spent attempts.
pub fn after_run(
    outcome: JobOutcome,
    attempts_before: i32,
    policy: &RetryPolicy,
    jitter: f64,
) -> Transition {
    let number = u32::try_from(attempts_before)
        .unwrap_or(0)
        .saturating_add(1);
    match outcome {
        JobOutcome::Synced(synced) => Transition::Complete(synced),
        JobOutcome::RateLimited { retry_after } => Transition::Release { wait: retry_after },
        JobOutcome::Failed(JobError::Dinamize(error)) => {
            // The client re-authenticated once already if the token had expired.
            let attempt = Attempt {
                number,
                reauthenticated: true,
            };
            match retry::decide(&error, &attempt, policy, jitter) {
                RetryDecision::Stop => Transition::Fail {
                    error: JobError::Dinamize(error),
                },
                RetryDecision::WaitWithoutAttempt(wait) => Transition::Release { wait },
                RetryDecision::Backoff(delay) => Transition::Retry {
                    delay,
                    error: JobError::Dinamize(error),
                },
                RetryDecision::Reauthenticate => Transition::Retry {
                    delay: Duration::ZERO,
                    error: JobError::Dinamize(error),
                },
            }
        }
        JobOutcome::Failed(error @ JobError::NotConfigured(_)) => Transition::Fail { error },
        JobOutcome::Failed(error) => {
            if number >= policy.max_attempts {
                Transition::Fail { error }
            } else {
                let delay = retry::backoff(number, policy, jitter);
                Transition::Retry { delay, error }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dinamize::{DinamizeError, ValidationKind};

    fn failed(error: DinamizeError) -> JobOutcome {
        JobOutcome::Failed(JobError::Dinamize(error))
    }

    fn timeout() -> DinamizeError {
        DinamizeError::Transport {
            message: "timed out".into(),
            timed_out: true,
        }
    }

    fn invalid_email() -> DinamizeError {
        DinamizeError::Validation {
            kind: ValidationKind::InvalidEmail,
            code: "240102".into(),
            detail: "bad".into(),
            request_unique: None,
        }
    }

    fn kind(t: &Transition) -> (&'static str, Option<Duration>) {
        match t {
            Transition::Complete(_) => ("complete", None),
            Transition::Retry { delay, .. } => ("retry", Some(*delay)),
            Transition::Fail { .. } => ("fail", None),
            Transition::Release { wait } => ("release", Some(*wait)),
        }
    }

    #[test]
    fn each_outcome_has_one_transition() {
        let policy = RetryPolicy::default();
        let secs = |s| Some(Duration::from_secs(s));
        let cases = [
            (JobOutcome::Synced(Synced::default()), 0, ("complete", None)),
            (
                JobOutcome::RateLimited {
                    retry_after: Duration::from_secs(17),
                },
                3,
                ("release", secs(17)),
            ),
            (failed(timeout()), 0, ("retry", secs(5))),
            (failed(timeout()), 1, ("retry", secs(10))),
            (failed(timeout()), 2, ("retry", secs(20))),
            (failed(timeout()), 3, ("fail", None)),
            (failed(invalid_email()), 0, ("fail", None)),
            (
                JobOutcome::Failed(JobError::NotConfigured("no list".into())),
                0,
                ("fail", None),
            ),
            (
                JobOutcome::Failed(JobError::Panicked("boom".into())),
                0,
                ("retry", secs(5)),
            ),
            (
                JobOutcome::Failed(JobError::Unavailable("pool".into())),
                3,
                ("fail", None),
            ),
        ];
        for (outcome, attempts, expected) in cases {
            let label = format!("{outcome:?} after {attempts}");
            assert_eq!(
                kind(&after_run(outcome, attempts, &policy, 0.0)),
                expected,
                "{label}"
            );
        }
    }

    #[test]
    fn jitter_moves_the_delay_by_at_most_ten_percent() {
        let policy = RetryPolicy::default();
        for (jitter, ms) in [(-1.0, 4_500), (1.0, 5_500)] {
            let t = after_run(failed(timeout()), 0, &policy, jitter);
            assert_eq!(kind(&t).1, Some(Duration::from_millis(ms)));
        }
    }
}
