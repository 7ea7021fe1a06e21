//! `GET /api/leads/{id}`.

use actix_web::{HttpResponse, get, web};

use super::query::lead_id;
use super::view::LeadView;
use super::{answers, docs};
use crate::auth::Caller;
use crate::http::contacts::docs::ErrorBody;
use crate::http::{ApiError, AppState};
use crate::leads;

/// One lead of the caller's company with its sync, soft-deleted or not.
#[utoipa::path(
    get, path = "/api/leads/{id}", tag = "leads",
    params(("id" = i64, Path, description = "Lead id")),
    responses(
        (status = 200, description = "The lead and its sync", body = LeadView),
        (status = 404, description = "No such lead in the company", body = ErrorBody),
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
    let lead = found.ok_or_else(|| answers::not_found(id))?;
    Ok(HttpResponse::Ok().json(LeadView::from(lead)))
}
