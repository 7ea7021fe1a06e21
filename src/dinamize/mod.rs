//! The Dinamize HTTP client: one typed item per call (`DinamizeCall`), one envelope decoder, typed errors
//! and the retry decision. Depends on nothing from actix, diesel or redis.

pub mod call;
pub mod client;
pub mod codes;
pub mod de;
pub mod envelope;
pub mod error;
pub mod raw;
pub mod retry;
pub mod tls;
pub mod types;

pub use call::{Body, DinamizeCall};
pub use client::{AUTH_TOKEN_HEADER, DinamizeClient};
pub use codes::UnknownCodes;
pub use error::{DinamizeError, ErrorCategory, ValidationKind};
pub use raw::RawAnswer;
pub use retry::{Attempt, RetryDecision, RetryPolicy};
pub use types::*;
