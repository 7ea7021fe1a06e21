//! The actors: thin shells around the logic modules.

pub mod api_client;
pub mod rate_limiter;
pub mod system;
pub mod token;

pub use system::Actors;
