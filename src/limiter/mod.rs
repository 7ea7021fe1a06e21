//! The distributed rate limiter: an exact sliding-window log per company in Redis (one Lua
//! script per round trip, which decides every concurrent caller of a company at once and may
//! lease a few permits ahead for a busy one), two lanes, company blocks after a 240024 answer,
//! and a per-instance in-memory fallback while Redis fails (fail-open, not fail-blind).

pub mod batch;
pub mod connect;
pub mod decision;
pub mod distributed;
pub mod lease;
pub mod limits;
pub mod memory;
pub mod outage;
pub mod script;
pub mod usage;

pub use decision::{DEFAULT_BACKGROUND_RESERVE, DEFAULT_GUARD};
pub use decision::{Decision, Lane, WindowParams};
pub use distributed::{Connector, Limiter, LimiterSettings, Tuning};
pub use limits::{LimitSource, Limits};
pub use outage::LimiterHealth;
