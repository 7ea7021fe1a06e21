//! The actors: thin shells around the logic modules.

pub mod rate_limiter;
pub mod token;
