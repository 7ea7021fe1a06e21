//! Why a call through the `ApiClientActor` did not produce an answer.

use std::time::Duration;

use thiserror::Error;

use crate::dinamize::DinamizeError;

/// The outcome of a failed `Call`; the HTTP layer maps each variant to a status.
#[derive(Debug, Clone, Error)]
pub enum CallError {
    /// The company has no usable Dinamize account (none, inactive, or credentials refused).
    #[error("the company's Dinamize account is not usable: {reason}")]
    Misconfigured { reason: String },
    /// No permit (or Dinamize's own limit) within the caller's deadline.
    #[error("rate limited: retry in {}s", .retry_after.as_secs_f64())]
    RateLimited { retry_after: Duration },
    /// Dinamize answered with an error, or could not be reached.
    #[error(transparent)]
    Dinamize(#[from] DinamizeError),
    /// A dependency of ours (PostgreSQL, an actor) failed.
    #[error("unavailable: {0}")]
    Unavailable(String),
}
