//! The contacts REST API: every endpoint against the simulator, the bad-input table, the CRM's
//! JWT, tenant isolation, rate limits, expired tokens and Dinamize failures.

mod common;

#[path = "contacts_api/account.rs"]
mod account;
#[path = "contacts_api/auth.rs"]
mod auth;
#[path = "contacts_api/endpoints.rs"]
mod endpoints;
#[path = "contacts_api/errors.rs"]
mod errors;
#[path = "contacts_api/failures.rs"]
mod failures;
#[path = "contacts_api/roles.rs"]
mod roles;
#[path = "contacts_api/validation.rs"]
mod validation;
