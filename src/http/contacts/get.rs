//! `GET /api/dinamize/contacts/{contactCode}?listCode=`.

use actix_web::{HttpResponse, get, web};

use super::call::call;
use super::docs;
use super::target::{ListQuery, contact_ref};
use super::views::ContactView;
use crate::auth::Caller;
use crate::dinamize::ContactGetRequest;
use crate::http::{ApiError, AppState};

/// One contact of a list.
#[utoipa::path(
    get, path = "/api/dinamize/contacts/{contactCode}", tag = "contacts",
    params(("contactCode" = String, Path, description = "Dinamize contact code: up to 20 digits", pattern = "^[0-9]{1,20}$"), ListQuery),
    responses(
        (status = 200, description = "The contact", body = ContactView),
        docs::ContactErrors,
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
    let contact = call(&state, caller.company_id, ContactGetRequest(contact)).await?;
    Ok(HttpResponse::Ok().json(ContactView::from(contact)))
}
