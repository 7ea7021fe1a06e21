//! The answers the leads routes share: a lead that is not the caller's, a deleted lead, and
//! PostgreSQL being down.

use actix_web::http::StatusCode;

use super::view::LeadView;
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
    .pt(format!("o lead {id} foi excluído e não pode ser alterado"))
}

/// 404 for reading a soft-deleted lead: it is gone (`lead_deleted`), yet where its removal
/// stands is still worth seeing, so `details` holds the lead with its `deleted_at` and `sync`.
pub fn gone(lead: &LeadView) -> ApiError {
    let id = lead.id;
    let details = serde_json::to_value(lead).unwrap_or(serde_json::Value::Null);
    ApiError::new(
        StatusCode::NOT_FOUND,
        "lead_deleted",
        format!("lead {id} is deleted; details show it and its removal's sync"),
    )
    .pt(format!(
        "o lead {id} foi excluído; details mostra o lead e a sincronização da exclusão"
    ))
    .with_details(details)
}

/// 503: the cause is logged, not answered.
pub fn db(error: DbError) -> ApiError {
    ApiError::unavailable("PostgreSQL", &error)
}
