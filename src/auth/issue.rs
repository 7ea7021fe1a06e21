//! Signing a token, for `dinamize-sync token` (local use) and tests.

use jsonwebtoken::{EncodingKey, Header, encode};

use super::Claims;

/// An HS256 JWT carrying `claims`, signed with `secret`.
pub fn issue(claims: &Claims, secret: &[u8]) -> Result<String, jsonwebtoken::errors::Error> {
    encode(
        &Header::default(),
        claims,
        &EncodingKey::from_secret(secret)?,
    )
}
