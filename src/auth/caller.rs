//! The `Caller` extractor: who is calling and for which company. 401 for a missing or invalid
//! token, 403 for a company the token does not list or a role too low for admin routes.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, web};

use super::{AuthError, Claims, Role, verify};
use crate::http::{ApiError, AppState};

/// An authenticated caller acting for one company.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: String,
    pub company_id: i64,
    pub role: Role,
}

/// A caller with role OWNER or ADMIN.
#[derive(Debug, Clone)]
pub struct AdminCaller(pub Caller);

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req))
    }
}

impl FromRequest for AdminCaller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req).and_then(|caller| {
            if caller.role.is_admin() {
                Ok(AdminCaller(caller))
            } else {
                Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "forbidden",
                    "this route needs role OWNER or ADMIN",
                )
                .pt("esta rota exige o papel OWNER ou ADMIN"))
            }
        }))
    }
}

fn authenticate(req: &HttpRequest) -> Result<Caller, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .expect("AppState is registered");
    let token = bearer(req).map_err(unauthorized)?;
    let claims =
        verify(token, state.config.jwt.secret.expose().as_bytes()).map_err(unauthorized)?;
    let company_id = selected_company(req, &claims)?;
    Ok(Caller {
        user: claims.sub,
        company_id,
        role: claims.role,
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

/// `X-Company-Id` when present (it must be one of the token's companies), else `companyId`.
fn selected_company(req: &HttpRequest, claims: &Claims) -> Result<i64, ApiError> {
    let Some(raw) = req.headers().get("X-Company-Id") else {
        return Ok(claims.company_id);
    };
    let company_id = raw
        .to_str()
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .ok_or_else(|| {
            ApiError::validation(vec![(
                "X-Company-Id".into(),
                "must be a company id (a whole number)".into(),
            )])
        })?;
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

fn unauthorized(error: AuthError) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", error.to_string()).pt(error.pt())
}
