//! `GET /api/dinamize/account` (OWNER or ADMIN).

use actix_web::{HttpResponse, get, web};

use super::view::AccountView;
use crate::accounts;
use crate::auth::AdminCaller;
use crate::http::contacts::docs::ErrorBody;
use crate::http::{ApiError, AppState};

/// The company's Dinamize account, without its password.
#[utoipa::path(
    get, path = "/api/dinamize/account", tag = "account",
    responses(
        (status = 200, description = "The account", body = AccountView),
        (status = 401, body = ErrorBody), (status = 403, description = "Not OWNER or ADMIN", body = ErrorBody),
        (status = 404, description = "No account yet", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
#[get("/api/dinamize/account")]
pub async fn get_account(
    state: web::Data<AppState>,
    caller: AdminCaller,
) -> Result<HttpResponse, ApiError> {
    let company_id = caller.0.company_id;
    let account = accounts::load(&state.db, company_id)
        .await
        .map_err(|e| ApiError::unavailable("PostgreSQL", &e))?;
    match account {
        Some(account) => Ok(HttpResponse::Ok().json(AccountView::from(account))),
        None => Err(ApiError::new(
            actix_web::http::StatusCode::NOT_FOUND,
            "not_found",
            format!("company {company_id} has no Dinamize account"),
        )
        .pt(format!("a empresa {company_id} não tem conta Dinamize"))),
    }
}
