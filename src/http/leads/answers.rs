//! The answers the leads routes share: a lead that is not the caller's, a deleted lead, and
//! PostgreSQL being down.

use actix_web::http::StatusCode;

use crate::db::DbError;
use crate::http::ApiError;

/// 404 for a lead that does not exist or belongs to another company (the two look the same).
pub fn not_found(id: i64) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("lead {id} not found"),
    )
}

/// 409 for a change to a soft-deleted lead.
pub fn deleted(id: i64) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "lead_deleted",
        format!("lead {id} is deleted and cannot be changed"),
    )
}

/// 503: the cause is logged, not answered.
pub fn db(error: DbError) -> ApiError {
    ApiError::unavailable("PostgreSQL", &error)
}
