//! `PUT /api/dinamize/account` (OWNER or ADMIN): set the company's credentials and/or its
//! settings. New credentials drop the old token everywhere and clear a misconfigured mark;
//! settings alone (list, limit, field mapping) keep both and need no password.

use actix_web::{HttpResponse, put, web};
use serde_json::Value;

use super::body::{AccountChange, AccountRequest, credentials_required, read};
use super::view::AccountView;
use crate::accounts::{self, AccountSettings, Credentials};
use crate::actors::token::SetCredentials;
use crate::auth::AdminCaller;
use crate::db::companies;
use crate::http::contacts::docs::ErrorBody;
use crate::http::{ApiError, AppState};

/// Stores the credentials (password encrypted) and settings, and answers the account without
/// the password.
#[utoipa::path(
    put, path = "/api/dinamize/account", tag = "account",
    request_body = AccountRequest,
    responses(
        (status = 200, description = "Stored", body = AccountView),
        (status = 400, description = "A field is invalid, or the first PUT lacks credentials", body = ErrorBody),
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
    let AccountChange {
        credentials,
        settings,
    } = read(&body)?;
    let company_id = caller.0.company_id;
    match credentials {
        Some(credentials) => {
            set_credentials(&state, company_id, credentials).await?;
            log::info!(
                "company {company_id}: Dinamize credentials set by {}",
                caller.0.user
            );
            // The mapping is not a credential; the list and limit went with the credentials.
            let mapping = AccountSettings {
                field_mapping: settings.field_mapping,
                ..AccountSettings::default()
            };
            if !mapping.is_empty() {
                set_settings(&state, company_id, &mapping).await?;
            }
        }
        None => {
            set_settings(&state, company_id, &settings).await?;
            log::info!(
                "company {company_id}: Dinamize account settings set by {}",
                caller.0.user
            );
        }
    }
    let account = accounts::load(&state.db, company_id)
        .await
        .map_err(|e| ApiError::unavailable("PostgreSQL", &e))?;
    let account = account.ok_or_else(|| {
        ApiError::unavailable("PostgreSQL", &"the account just stored is missing")
    })?;
    Ok(HttpResponse::Ok().json(AccountView::from(account)))
}

async fn set_credentials(
    state: &AppState,
    company_id: i64,
    credentials: Credentials,
) -> Result<(), ApiError> {
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
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(ApiError::unavailable("the account store", &e)),
        Err(e) => Err(ApiError::unavailable("the token actor", &e)),
    }
}

/// Applies settings to the existing account; none yet means the credentials are missing.
async fn set_settings(
    state: &AppState,
    company_id: i64,
    settings: &AccountSettings,
) -> Result<(), ApiError> {
    let found = accounts::update_settings(&state.db, company_id, settings)
        .await
        .map_err(|e| ApiError::unavailable("PostgreSQL", &e))?;
    if found {
        Ok(())
    } else {
        Err(credentials_required())
    }
}
