//! `POST /api/dinamize/contacts/{contactCode}/delete?listCode=`.

use actix_web::{HttpResponse, post, web};

use super::call::call;
use super::docs;
use super::target::{ListQuery, contact_ref};
use super::views::ContactChange;
use crate::auth::Caller;
use crate::dinamize::ContactDeleteRequest;
use crate::http::{ApiError, AppState};

/// Removes a contact from a list.
#[utoipa::path(
    post, path = "/api/dinamize/contacts/{contactCode}/delete", tag = "contacts",
    params(("contactCode" = String, Path, description = "Dinamize contact code: up to 20 digits", pattern = "^[0-9]{1,20}$"), ListQuery),
    responses(
        (status = 200, description = "Deleted", body = ContactChange),
        docs::ContactErrors,
    ),
    security(("bearer" = []))
)]
#[post("/api/dinamize/contacts/{contactCode}/delete")]
pub async fn delete_contact(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let contact = contact_ref(&path, &query)?;
    let code = contact.contact_code.clone();
    let rows = call(&state, caller.company_id, ContactDeleteRequest(contact)).await?;
    Ok(HttpResponse::Ok().json(ContactChange {
        code,
        affected_rows: rows.affected_rows,
    }))
}
