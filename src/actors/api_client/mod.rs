//! `ApiClientActor`: every Dinamize call of the service, composed of a token (TokenActor), a
//! permit (RateLimiterActor) and the HTTP request, within the caller's deadline.

mod actor;
mod error;
mod plan;

pub use actor::{ApiClientActor, Call};
pub use error::CallError;
pub use plan::{NextStep, after_error, wait_or_give_up};
