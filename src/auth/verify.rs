//! Checking a bearer token: HS256 only (never `alg: none`), its signature, then its times
//! (`exp` required, `nbf` when present) against the `now` the caller passes, and `temp`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode};
use thiserror::Error;

use super::Claims;

/// Why a token was refused (each maps to 401). Messages name the problem in words.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AuthError {
    #[error("missing Authorization: Bearer token")]
    Missing,
    #[error("the Authorization header is not a Bearer token")]
    NotBearer,
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid yet (nbf)")]
    NotYetValid,
    #[error("the token's signature is not valid")]
    BadSignature,
    #[error("the token is not an HS256 JWT (alg {0:?})")]
    WrongAlgorithm(String),
    #[error("the token is not a well-formed JWT")]
    Malformed,
    #[error("the token's claim `{0}` is missing or not valid")]
    BadClaim(String),
    #[error("a temporary login token only chooses a company; sign in to a company first")]
    Temporary,
}

impl AuthError {
    /// The reason in Portuguese.
    pub fn pt(&self) -> String {
        match self {
            AuthError::Missing => "token de acesso ausente (Authorization: Bearer)".into(),
            AuthError::NotBearer => "o cabeçalho Authorization não traz um token Bearer".into(),
            AuthError::Expired => "o token expirou".into(),
            AuthError::NotYetValid => "o token ainda não é válido (nbf)".into(),
            AuthError::BadSignature => "a assinatura do token não é válida".into(),
            AuthError::WrongAlgorithm(alg) => format!("o token não é um JWT HS256 (alg {alg:?})"),
            AuthError::Malformed => "o token não é um JWT bem formado".into(),
            AuthError::BadClaim(claim) => {
                format!("a claim `{claim}` do token está ausente ou é inválida")
            }
            AuthError::Temporary => {
                "um token temporário de login serve só para escolher a empresa; entre em uma empresa primeiro".into()
            }
        }
    }
}

/// Decodes and checks `token` against `secret` at `now` (seconds since the epoch).
pub fn verify(token: &str, secret: &[u8], now: i64) -> Result<Claims, AuthError> {
    match header_alg(token) {
        None => return Err(AuthError::Malformed),
        Some(alg) if alg != "HS256" => return Err(AuthError::WrongAlgorithm(alg)),
        Some(_) => {}
    }
    // The library checks the signature only; the times are ours, against the given `now`.
    let mut validation = Validation::new(Algorithm::HS256);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_nbf = false;
    let key = DecodingKey::from_secret(secret).map_err(|_| AuthError::Malformed)?;
    let payload = decode::<serde_json::Value>(token, &key, &validation)
        .map(|data| data.claims)
        .map_err(|e| match e.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => AuthError::BadSignature,
            _ => AuthError::Malformed,
        })?;
    let claims = serde_path_to_error::deserialize::<_, Claims>(payload)
        .map_err(|e| AuthError::BadClaim(claim_of(&e)))?;
    check(claims, now)
}

/// `exp` (strictly after `now`), `nbf` (at or before `now`) and `temp`.
fn check(claims: Claims, now: i64) -> Result<Claims, AuthError> {
    if claims.exp <= now {
        return Err(AuthError::Expired);
    }
    if claims.nbf.is_some_and(|nbf| nbf > now) {
        return Err(AuthError::NotYetValid);
    }
    if claims.temp {
        return Err(AuthError::Temporary);
    }
    Ok(claims)
}

/// The `alg` of the token's header, read before any trust is given to it.
fn header_alg(token: &str) -> Option<String> {
    let header = token.split('.').next()?;
    let bytes = URL_SAFE_NO_PAD.decode(header.trim_end_matches('=')).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value.get("alg")?.as_str().map(str::to_string)
}

/// The claim serde stopped at: its path (`companyIds[0]`), or the missing field's name.
fn claim_of(error: &serde_path_to_error::Error<serde_json::Error>) -> String {
    let path = error.path().to_string();
    if path != "." {
        return path;
    }
    let message = error.inner().to_string();
    message
        .split('`')
        .nth(1)
        .filter(|name| !name.is_empty())
        .unwrap_or("payload")
        .to_string()
}

#[cfg(test)]
#[path = "verify_tests.rs"]
mod tests;
