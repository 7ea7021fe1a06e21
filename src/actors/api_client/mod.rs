//! `ApiClientActor`: every Dinamize call of the service, composed of a token (TokenActor), a
//! permit (RateLimiterActor) and the HTTP request, within the caller's deadline.

mod actor;
mod check;
mod checks;
mod error;
mod plan;
mod steps;

pub use actor::{ApiClientActor, Call};
pub use checks::{TokenChecks, TokenChecksSnapshot};
pub use error::CallError;
pub use plan::{NextStep, after_error, wait_or_give_up};
