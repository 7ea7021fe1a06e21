//! Caller authentication with the CRM's own JWT (HS256, shared `JWT_SECRET`).

mod caller;
mod claims;
mod issue;
mod verify;

pub use caller::{AdminCaller, Caller};
pub use claims::{Claims, Role};
pub use issue::issue;
pub use verify::{AuthError, verify};
