//! The Dinamize HTTP client: typed requests and responses, one envelope decoder, typed errors
//! and the retry decision. Depends on nothing from actix, diesel or redis.

pub mod client;
pub mod codes;
pub mod de;
pub mod envelope;
pub mod error;
mod helpers;
pub mod raw;
pub mod request;
pub mod retry;
pub mod tls;
pub mod types;

pub use client::{AUTH_TOKEN_HEADER, DinamizeClient};
pub use codes::UnknownCodes;
pub use error::{DinamizeError, ErrorCategory, ValidationKind};
pub use raw::RawAnswer;
pub use request::{DinamizeRequest, DinamizeResponse};
pub use retry::{Attempt, RetryDecision, RetryPolicy};
pub use types::*;
