//! `POST /api/dinamize/contacts/search`.

use actix_web::{HttpResponse, post, web};
use serde_json::Value;

use super::call::call;
use super::views::ContactPage;
use super::{bodies, docs};
use crate::auth::Caller;
use crate::http::{ApiError, AppState};

/// Searches the company's Dinamize contacts of one list.
#[utoipa::path(
    post, path = "/api/dinamize/contacts/search", tag = "contacts",
    request_body = docs::SearchRequest,
    responses(
        (status = 200, description = "One page of contacts", body = ContactPage),
        docs::ContactErrors,
    ),
    security(("bearer" = []))
)]
#[post("/api/dinamize/contacts/search")]
pub async fn search_contacts(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let request = bodies::search(&body)?;
    let (page_number, page_size) = (request.page_number, request.page_size);
    let page = call(&state, caller.company_id, request).await?;
    Ok(HttpResponse::Ok().json(ContactPage::new(page, page_number, page_size)))
}
