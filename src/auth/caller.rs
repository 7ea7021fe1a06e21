//! The `Caller` extractor: who is calling and for which company. 401 for a missing, invalid or
//! temporary token; 400 when no company is chosen; 403 for a company the token does not list,
//! a user the CRM does not place in that company, or a role too low for admin routes.

use std::time::Instant;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use super::role_cache::Membership;
use super::{AuthError, Claims, Role, verify};
use crate::http::{ApiError, AppState};

/// An authenticated caller acting for one company.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The token's `sub`, as text.
    pub user: String,
    pub company_id: i64,
    /// The role in `company_id`.
    pub role: Role,
}

/// A caller with role OWNER or ADMIN in the chosen company.
#[derive(Debug, Clone)]
pub struct AdminCaller(pub Caller);

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(&req).await })
    }
}

impl FromRequest for AdminCaller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = authenticate(&req).await?;
            if caller.role.is_admin() {
                return Ok(AdminCaller(caller));
            }
            Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "this route needs role OWNER or ADMIN in the company",
            )
            .pt("esta rota exige o papel OWNER ou ADMIN na empresa"))
        })
    }
}

async fn authenticate(req: &HttpRequest) -> Result<Caller, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .expect("AppState is registered");
    let secret = state.config.jwt.secret.expose().as_bytes();
    let verified = bearer(req).and_then(|t| verify(t, secret, chrono::Utc::now().timestamp()));
    crate::metrics::record::token_check(&verified);
    let claims = verified.map_err(unauthorized)?;
    let company_id = selected_company(req, &claims)?;
    let membership = state
        .roles
        .membership(&state.db, &claims, company_id, Instant::now())
        .await
        .map_err(|e| ApiError::unavailable("PostgreSQL", &e))?;
    let Membership::Member(role) = membership else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("the user has no role in company {company_id}"),
        )
        .pt(format!("o usuário não tem papel na empresa {company_id}")));
    };
    Ok(Caller {
        user: claims.sub.to_string(),
        company_id,
        role,
    })
}

fn bearer(req: &HttpRequest) -> Result<&str, AuthError> {
    let header = req
        .headers()
        .get("Authorization")
        .ok_or(AuthError::Missing)?
        .to_str()
        .map_err(|_| AuthError::NotBearer)?;
    let (scheme, token) = header.split_once(' ').ok_or(AuthError::NotBearer)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(AuthError::NotBearer);
    }
    Ok(token.trim())
}

/// `X-Company-Id` when present, else the token's `companyId`; it must be one of the token's
/// companies. Neither: 400, the caller must choose a company.
fn selected_company(req: &HttpRequest, claims: &Claims) -> Result<i64, ApiError> {
    let company_id = match req.headers().get("X-Company-Id") {
        Some(raw) => raw
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .ok_or_else(|| {
                ApiError::validation(vec![(
                    "X-Company-Id".into(),
                    "must be a company id (a whole number)".into(),
                )])
            })?,
        None => claims.company_id.ok_or_else(company_required)?,
    };
    if !claims.may_act_for(company_id) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("the token does not grant access to company {company_id}"),
        )
        .pt(format!("o token não dá acesso à empresa {company_id}")));
    }
    Ok(company_id)
}

fn company_required() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "company_required",
        "choose a company: send X-Company-Id, or sign in to a company (the token's companyId is null)",
    )
    .pt("escolha uma empresa: envie X-Company-Id ou entre em uma empresa (o companyId do token é nulo)")
}

fn unauthorized(error: AuthError) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", error.to_string()).pt(error.pt())
}
