//! One log line per request: method, path (no query string, no headers: nothing secret),
//! status and duration in milliseconds.

use actix_web::middleware::Logger;

/// The access-log middleware.
pub fn request_logger() -> Logger {
    Logger::new("%{method}xi %U %s %Dms")
        .custom_request_replace("method", |req| req.method().to_string())
        .log_target("dinamize_sync::http")
}
