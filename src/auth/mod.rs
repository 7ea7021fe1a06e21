//! Caller authentication with the CRM's own JWT (HS256, shared `JWT_SECRET`), and the caller's
//! role in the chosen company.

mod caller;
mod claims;
mod issue;
mod role_cache;
mod roles;
mod verify;

pub use caller::{AdminCaller, Caller};
pub use claims::{Claims, Role, Subject};
pub use issue::issue;
pub use role_cache::{Membership, RoleCache};
pub use roles::RoleSource;
pub use verify::{AuthError, verify};
