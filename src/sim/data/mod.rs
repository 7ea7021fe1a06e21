//! The simulator's in-memory data: contacts, search, per-client-code tenants and imports.

pub mod contact;
pub mod import;
pub mod patch;
pub mod search;
pub mod tenant;

pub use tenant::Tenant;
