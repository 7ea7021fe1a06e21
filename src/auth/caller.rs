//! Who is calling and for which company: the bearer token checked, the company chosen
//! (`X-Company-Id`, else the token's `companyId`, and listed in `companyIds`), the role read.
//! Takes the request's headers and a [`Gate`] (what checking needs), so it knows nothing of the
//! HTTP layer's state or error shape; `http` wires it in as an extractor.

use std::time::Instant;

use actix_web::http::header::HeaderMap;

use super::role_cache::Membership;
use super::{AuthError, Claims, Refusal, Role, RoleSource, verify};
use crate::db::DbPool;

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

impl Caller {
    /// This caller as an admin of its company, or [`Refusal::NotAdmin`].
    pub fn admin(self) -> Result<AdminCaller, Refusal> {
        if self.role.is_admin() {
            return Ok(AdminCaller(self));
        }
        Err(Refusal::NotAdmin)
    }
}

/// What checking a caller needs, borrowed from wherever the application keeps it.
#[derive(Clone, Copy)]
pub struct Gate<'a> {
    /// The CRM's HS256 secret (`JWT_SECRET`).
    pub secret: &'a [u8],
    /// Where roles come from.
    pub roles: &'a RoleSource,
    /// PostgreSQL, for the CRM's user–company table.
    pub db: &'a DbPool,
}

/// Checks the request's `Authorization` and `X-Company-Id` headers at the present time.
pub async fn authenticate(headers: &HeaderMap, gate: Gate<'_>) -> Result<Caller, Refusal> {
    let verified =
        bearer(headers).and_then(|t| verify(t, gate.secret, chrono::Utc::now().timestamp()));
    crate::metrics::record::token_check(&verified);
    let claims = verified.map_err(Refusal::Unauthorized)?;
    let company_id = selected_company(headers, &claims)?;
    let membership = gate
        .roles
        .membership(gate.db, &claims, company_id, Instant::now())
        .await
        .map_err(Refusal::RolesUnavailable)?;
    let Membership::Member(role) = membership else {
        return Err(Refusal::NotMember(company_id));
    };
    Ok(Caller {
        user: claims.sub.to_string(),
        company_id,
        role,
    })
}

fn bearer(headers: &HeaderMap) -> Result<&str, AuthError> {
    let header = headers
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
/// companies. Neither: the caller must choose a company.
fn selected_company(headers: &HeaderMap, claims: &Claims) -> Result<i64, Refusal> {
    let company_id = match headers.get("X-Company-Id") {
        Some(raw) => raw
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .ok_or(Refusal::BadCompanyHeader)?,
        None => claims.company_id.ok_or(Refusal::CompanyRequired)?,
    };
    if !claims.may_act_for(company_id) {
        return Err(Refusal::NotListed(company_id));
    }
    Ok(company_id)
}
