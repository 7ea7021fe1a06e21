//! `POST /api/dinamize/contacts/{contactCode}/update`.

use actix_web::{HttpResponse, post, web};
use serde_json::Value;

use super::call::call;
use super::target::contact_code;
use super::views::ContactChange;
use super::{bodies, docs};
use crate::auth::Caller;
use crate::http::{ApiError, AppState};

/// Changes a contact; omitted fields are kept.
#[utoipa::path(
    post, path = "/api/dinamize/contacts/{contactCode}/update", tag = "contacts",
    params(("contactCode" = String, Path, description = "Dinamize contact code: up to 20 digits", pattern = "^[0-9]{1,20}$")),
    request_body = docs::UpdateRequest,
    responses(
        (status = 200, description = "Updated", body = ContactChange),
        docs::ContactErrors,
    ),
    security(("bearer" = []))
)]
#[post("/api/dinamize/contacts/{contactCode}/update")]
pub async fn update_contact(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let code = contact_code(&path)?;
    let request = bodies::update(code.clone(), &body)?;
    let rows = call(&state, caller.company_id, request).await?;
    Ok(HttpResponse::Ok().json(ContactChange {
        code,
        affected_rows: rows.affected_rows,
    }))
}
