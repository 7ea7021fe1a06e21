//! The REST API: routes, the JSON error shape, request logging.

pub mod account;
pub mod contacts;
pub mod error;
pub mod fallback;
pub mod health;
pub mod json;
pub mod leads;
pub mod openapi;
pub mod page;
pub mod ready;
pub mod request_log;
pub mod routes;
pub mod schemas;
pub mod state;

pub use error::ApiError;
pub use state::{AppState, DinamizeMode};
