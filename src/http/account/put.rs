//! `PUT /api/dinamize/account` (OWNER or ADMIN): set the company's credentials. The old token
//! is dropped everywhere and a misconfigured mark is cleared.

use actix_web::{HttpResponse, put, web};
use serde_json::Value;

use super::body::{AccountRequest, credentials};
use super::view::AccountView;
use crate::accounts;
use crate::actors::token::SetCredentials;
use crate::auth::AdminCaller;
use crate::db::companies;
use crate::http::contacts::docs::ErrorBody;
use crate::http::{ApiError, AppState};

/// Stores the credentials (password encrypted) and answers the account without the password.
#[utoipa::path(
    put, path = "/api/dinamize/account", tag = "account",
    request_body = AccountRequest,
    responses(
        (status = 200, description = "Stored", body = AccountView),
        (status = 400, description = "A field is invalid", body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, description = "Not OWNER or ADMIN", body = ErrorBody),
        (status = 413, description = "The body is larger than `HTTP_MAX_BODY_BYTES`", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json`", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[put("/api/dinamize/account")]
pub async fn put_account(
    state: web::Data<AppState>,
    caller: AdminCaller,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let credentials = credentials(&body)?;
    let company_id = caller.0.company_id;
    // The CRM owns its companies; one this database has not seen yet is added by id.
    companies::ensure(&state.db, company_id, &format!("Company {company_id}"))
        .await
        .map_err(|e| ApiError::unavailable("PostgreSQL", &e))?;
    let stored = state
        .actors
        .tokens
        .send(SetCredentials {
            company_id,
            credentials,
        })
        .await;
    match stored {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(ApiError::unavailable("the account store", &e)),
        Err(e) => return Err(ApiError::unavailable("the token actor", &e)),
    }
    log::info!(
        "company {company_id}: Dinamize credentials set by {}",
        caller.0.user
    );
    let account = accounts::load(&state.db, company_id)
        .await
        .map_err(|e| ApiError::unavailable("PostgreSQL", &e))?;
    let account = account.ok_or_else(|| {
        ApiError::unavailable("PostgreSQL", &"the account just stored is missing")
    })?;
    Ok(HttpResponse::Ok().json(AccountView::from(account)))
}
