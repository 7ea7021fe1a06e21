//! `POST /api/dinamize/contacts`.

use actix_web::{HttpResponse, post, web};
use serde_json::Value;

use super::call::call;
use super::views::CreatedContact;
use super::{bodies, docs};
use crate::auth::Caller;
use crate::http::{ApiError, AppState};

/// Adds a contact to a Dinamize list of the company.
#[utoipa::path(
    post, path = "/api/dinamize/contacts", tag = "contacts",
    request_body = docs::CreateRequest,
    responses(
        (status = 201, description = "Created", body = CreatedContact),
        docs::ContactErrors,
    ),
    security(("bearer" = []))
)]
#[post("/api/dinamize/contacts")]
pub async fn create_contact(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let request = bodies::create(&body)?;
    let added = call(&state, caller.company_id, request).await?;
    Ok(HttpResponse::Created().json(CreatedContact { code: added.code }))
}
