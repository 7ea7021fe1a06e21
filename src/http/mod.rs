//! The REST API: routes, the JSON error shape, request logging.

pub mod account;
mod caller;
pub mod contacts;
pub mod error;
pub mod error_doc;
pub mod error_shape;
pub mod error_text;
pub mod fallback;
pub mod health;
pub mod json;
pub mod lang;
pub mod leads;
pub mod openapi;
pub mod page;
pub mod ready;
pub mod request_log;
pub mod routes;
pub mod schemas;
pub mod state;
pub mod sync;

pub use error::ApiError;
pub use lang::Lang;
pub use state::{AppState, DinamizeMode};
