//! Answers the sync routes share.

use actix_web::http::StatusCode;

use crate::http::ApiError;

/// 404 for a `what` (lead, run, job) that does not exist in the caller's company.
pub fn not_found(what: &str, id: i64) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("{what} {id} not found"),
    )
}

/// 503: PostgreSQL failed; the cause is logged, not answered.
pub fn db(error: impl std::fmt::Display) -> ApiError {
    ApiError::unavailable("PostgreSQL", &error)
}

/// The `{id}` of a sync URL: a positive whole number, else a 400 naming `id`.
pub fn path_id(raw: &str, what: &str) -> Result<i64, ApiError> {
    match raw.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(ApiError::validation(vec![(
            "id".into(),
            format!("must be a {what} id (a positive whole number)"),
        )])),
    }
}
