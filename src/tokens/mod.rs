//! Dinamize tokens: the pure rules (expiry, renewal, Redis TTL, the idle-clock "touch", the
//! cache order and the single-flight wait) and their storage in Redis and PostgreSQL.

pub mod flight;
pub mod lock;
pub mod lookup;
pub mod policy;
pub mod redis_store;
pub mod touch;

pub use flight::{WaitState, WaitStep, poll_delay, wait_step};
pub use lookup::{Found, Stage, Step, next_step};
pub use policy::{TokenPolicy, TokenTimes};
pub use touch::{LAST_USED_PERSIST_EVERY, Touch, plan_touch};
