//! Dinamize tokens: the pure rules (expiry, renewal, Redis TTL, the idle-clock "touch", the
//! cache order and the single-flight wait), their storage in Redis and PostgreSQL, and
//! `TokenService`, the flow `TokenActor` runs:
//!
//! 1. Redis `<prefix>token:{company}`: `<row_id>|<json>`, the token encrypted inside; served if
//!    it does not need renewal, and the use recorded by compare-and-set ([`touch`]).
//! 2. PostgreSQL `crm_auth_tokens` (the record): served the same way, copied back to Redis.
//! 3. `/auth`, one caller per company at a time: an in-process lock per company, then the Redis
//!    lock `<prefix>token_lock:{company}` across instances (in-process lock alone when Redis is
//!    down); the others poll for the result ([`flight`]). Refused credentials mark the account
//!    misconfigured (callers fail fast until the credentials change); other failures start a
//!    short shared pause ([`backoff`]) so waiters do not log in one after another.
//!
//! `Invalidate` deactivates the row and leaves a Redis tombstone so no instance serves or
//! copies back the dropped token. Redis is skipped for [`service::REDIS_PAUSE`] after a
//! connection failure.

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
pub use service::{AuthGate, TokenService};
pub use touch::{LAST_USED_PERSIST_EVERY, Touch, plan_touch};
