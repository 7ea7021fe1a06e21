//! Dinamize tokens: the pure rules (expiry, renewal, Redis TTL, the idle-clock "touch", the
//! cache order and the single-flight wait), their storage in Redis and PostgreSQL, and
//! `TokenService`, the flow `TokenActor` runs.

pub mod backoff;
mod cache;
pub mod error;
pub mod flight;
pub mod lock;
pub mod lookup;
mod obtain;
pub mod pg_store;
pub mod policy;
pub mod redis_store;
pub mod service;
pub mod touch;

pub use error::TokenError;
pub use flight::{WaitState, WaitStep, poll_delay, wait_step};
pub use lookup::{Found, Stage, Step, next_step};
pub use policy::{TokenPolicy, TokenTimes};
pub use service::TokenService;
pub use touch::{LAST_USED_PERSIST_EVERY, Touch, plan_touch};
