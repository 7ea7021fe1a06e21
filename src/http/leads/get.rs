//! `GET /api/leads/{id}`.

use actix_web::{HttpResponse, get, web};

use super::query::lead_id;
use super::view::LeadView;
use super::{answers, docs};
use crate::auth::Caller;
use crate::http::contacts::docs::ErrorBody;
use crate::http::{ApiError, AppState};
use crate::leads;

/// One live lead of the caller's company with its sync. A soft-deleted lead is not found
/// (404 `lead_deleted`), with its last state and the sync of its removal in `details` (lists
/// show it with `include_deleted=true`).
#[utoipa::path(
    get, path = "/api/leads/{id}", tag = "leads",
    params(("id" = i64, Path, minimum = 1, description = "Lead id")),
    responses(
        (status = 200, description = "The lead and its sync", body = LeadView),
        (status = 404, description = "No such lead in the company (`not_found`), or it is soft-deleted (`lead_deleted`: `details` is the lead, with `deleted_at` and the `sync` of its removal)", body = ErrorBody),
        docs::LeadErrors,
    ),
    security(("bearer" = []))
)]
#[get("/api/leads/{id}")]
pub async fn get_lead(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = lead_id(&path)?;
    let found = leads::find(&state.db, caller.company_id, id)
        .await
        .map_err(answers::db)?;
    let lead = LeadView::from(found.ok_or_else(|| answers::not_found(id))?);
    if lead.deleted_at.is_some() {
        return Err(answers::gone(&lead));
    }
    Ok(HttpResponse::Ok().json(lead))
}
