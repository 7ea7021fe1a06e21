//! Caller authentication with the CRM's own JWT (HS256, shared `JWT_SECRET`), and the caller's
//! role in the chosen company. It imports nothing of `http`: its [`Refusal`] becomes an HTTP
//! answer there, and what it needs (secret, roles, pool) is passed in a [`Gate`].

mod caller;
mod claims;
mod issue;
mod refusal;
mod role_cache;
mod roles;
mod verify;

pub use caller::{AdminCaller, Caller, Gate, authenticate};
pub use claims::{Claims, Role, Subject};
pub use issue::issue;
pub use refusal::Refusal;
pub use role_cache::{Membership, RoleCache};
pub use roles::RoleSource;
pub use verify::{AuthError, verify};
