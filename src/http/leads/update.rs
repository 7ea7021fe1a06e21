//! `PATCH /api/leads/{id}`.

use actix_web::{HttpResponse, patch, web};
use serde_json::Value;

use super::query::lead_id;
use super::view::LeadView;
use super::{answers, body, docs};
use crate::auth::Caller;
use crate::http::contacts::docs::ErrorBody;
use crate::http::{ApiError, AppState};
use crate::leads::{self, UpdateOutcome};

/// Changes the fields given and `updated_at`; a change to a synced field enqueues the sync.
#[utoipa::path(
    patch, path = "/api/leads/{id}", tag = "leads",
    params(("id" = i64, Path, minimum = 1, description = "Lead id")),
    request_body = docs::PatchLeadRequest,
    responses(
        (status = 200, description = "The lead as it is now", body = LeadView),
        (status = 404, description = "No such lead in the company", body = ErrorBody),
        (status = 409, description = "The lead is soft-deleted", body = ErrorBody),
        docs::LeadErrors,
        docs::BodyErrors,
    ),
    security(("bearer" = []))
)]
#[patch("/api/leads/{id}")]
pub async fn update_lead(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let id = lead_id(&path)?;
    let changes = body::changes(&body)?;
    let outcome = leads::update(&state.db, caller.company_id, id, &changes)
        .await
        .map_err(answers::db)?;
    match outcome {
        UpdateOutcome::Updated(lead) => {
            leads::after_write(&state, caller.company_id).await;
            Ok(HttpResponse::Ok().json(LeadView::from(*lead)))
        }
        UpdateOutcome::Deleted => Err(answers::deleted(id)),
        UpdateOutcome::NotFound => Err(answers::not_found(id)),
    }
}
