//! `GET /api/dinamize/contacts/{contactCode}?listCode=`.

use actix_web::{HttpResponse, get, web};

use super::call::{call, unexpected};
use super::docs;
use super::target::{ListQuery, contact_ref};
use super::views::ContactView;
use crate::auth::Caller;
use crate::dinamize::{DinamizeRequest, DinamizeResponse};
use crate::http::{ApiError, AppState};

/// One contact of a list.
#[utoipa::path(
    get, path = "/api/dinamize/contacts/{contactCode}", tag = "contacts",
    params(("contactCode" = String, Path, description = "Dinamize contact code"), ListQuery),
    responses(
        (status = 200, description = "The contact", body = ContactView),
        (status = 400, description = "Bad contact code or missing listCode", body = docs::ErrorBody),
        (status = 401, body = docs::ErrorBody), (status = 403, body = docs::ErrorBody),
        (status = 422, description = "Dinamize refused it (e.g. not found)", body = docs::ErrorBody),
        (status = 429, body = docs::ErrorBody), (status = 502, body = docs::ErrorBody),
        (status = 503, body = docs::ErrorBody), (status = 504, body = docs::ErrorBody),
    ),
    security(("bearer" = []))
)]
#[get("/api/dinamize/contacts/{contactCode}")]
pub async fn get_contact(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let contact = contact_ref(&path, &query)?;
    match call(
        &state,
        caller.company_id,
        DinamizeRequest::ContactGet(contact),
    )
    .await?
    {
        DinamizeResponse::ContactGet(contact) => {
            Ok(HttpResponse::Ok().json(ContactView::from(contact)))
        }
        other => Err(unexpected(&other)),
    }
}
