//! `DELETE /api/leads/{id}`.

use actix_web::{HttpResponse, delete, web};

use super::query::lead_id;
use super::{answers, docs};
use crate::auth::Caller;
use crate::http::contacts::docs::ErrorBody;
use crate::http::{ApiError, AppState};
use crate::leads::{self, DeleteOutcome};

/// Soft-deletes a lead (`deleted_at = now()`), which enqueues its contact's removal. Deleting
/// a deleted lead again is also 204 and changes nothing (its `deleted_at` stays).
#[utoipa::path(
    delete, path = "/api/leads/{id}", tag = "leads",
    params(("id" = i64, Path, minimum = 1, description = "Lead id")),
    responses(
        (status = 204, description = "Deleted (now or before)"),
        (status = 404, description = "No such lead in the company", body = ErrorBody),
        docs::LeadErrors,
    ),
    security(("bearer" = []))
)]
#[delete("/api/leads/{id}")]
pub async fn delete_lead(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = lead_id(&path)?;
    let outcome = leads::soft_delete(&state.db, caller.company_id, id)
        .await
        .map_err(answers::db)?;
    match outcome {
        DeleteOutcome::Deleted => {
            leads::after_write(&state, caller.company_id).await;
            Ok(HttpResponse::NoContent().finish())
        }
        DeleteOutcome::AlreadyDeleted => Ok(HttpResponse::NoContent().finish()),
        DeleteOutcome::NotFound => Err(answers::not_found(id)),
    }
}
