//! `POST /api/leads`.

use actix_web::{HttpResponse, post, web};
use serde_json::Value;

use super::view::LeadView;
use super::{answers, body, docs};
use crate::auth::Caller;
use crate::http::{ApiError, AppState};
use crate::leads;

/// Creates a lead of the caller's company; its sync job is enqueued in the same transaction.
#[utoipa::path(
    post, path = "/api/leads", tag = "leads",
    request_body = docs::CreateLeadRequest,
    responses(
        (status = 201, description = "Created, with its pending sync", body = LeadView,
            headers(("Location" = String, description = "/api/leads/{id}"))),
        docs::LeadErrors,
        docs::BodyErrors,
    ),
    security(("bearer" = []))
)]
#[post("/api/leads")]
pub async fn create_lead(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let new = body::new_lead(caller.company_id, &body)?;
    let created = leads::create(&state.db, &new).await.map_err(answers::db)?;
    leads::after_write(&state, caller.company_id).await;
    let view = LeadView::from(created);
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/leads/{}", view.id)))
        .json(view))
}
