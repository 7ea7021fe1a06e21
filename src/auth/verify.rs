//! Checking a bearer token: HS256 only (never `alg: none`), signature, `exp` required.

use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode};
use thiserror::Error;

use super::Claims;

/// Why a token was refused (each maps to 401).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AuthError {
    #[error("missing Authorization: Bearer token")]
    Missing,
    #[error("the Authorization header is not a Bearer token")]
    NotBearer,
    #[error("the token has expired")]
    Expired,
    #[error("the token's signature is not valid")]
    BadSignature,
    #[error("the token is not an HS256 JWT")]
    WrongAlgorithm,
    #[error("the token is malformed or lacks a required claim: {0}")]
    Malformed(String),
}

impl AuthError {
    /// The reason in Portuguese.
    pub fn pt(&self) -> String {
        match self {
            AuthError::Missing => "token de acesso ausente (Authorization: Bearer)".into(),
            AuthError::NotBearer => "o cabeçalho Authorization não traz um token Bearer".into(),
            AuthError::Expired => "o token expirou".into(),
            AuthError::BadSignature => "a assinatura do token não é válida".into(),
            AuthError::WrongAlgorithm => "o token não é um JWT HS256".into(),
            AuthError::Malformed(why) => format!("o token é malformado: {why}"),
        }
    }
}

/// Decodes and checks `token` against `secret`.
pub fn verify(token: &str, secret: &[u8]) -> Result<Claims, AuthError> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_required_spec_claims(&["exp", "sub"]);
    validation.leeway = 0;
    let key = DecodingKey::from_secret(secret).map_err(|e| AuthError::Malformed(e.to_string()))?;
    decode::<Claims>(token, &key, &validation)
        .map(|data| data.claims)
        .map_err(|e| {
            use jsonwebtoken::errors::ErrorKind as K;
            match e.kind() {
                K::ExpiredSignature => AuthError::Expired,
                K::InvalidSignature => AuthError::BadSignature,
                K::InvalidAlgorithm | K::InvalidAlgorithmName => AuthError::WrongAlgorithm,
                other => AuthError::Malformed(format!("{other:?}")),
            }
        })
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;

    use super::*;
    use crate::auth::{Role, issue};

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn claims(exp: i64) -> Claims {
        Claims {
            sub: "u1".into(),
            company_id: 1,
            company_ids: vec![1],
            role: Role::User,
            exp,
        }
    }

    fn far_future() -> i64 {
        chrono::Utc::now().timestamp() + 3600
    }

    #[test]
    fn a_token_signed_with_the_secret_is_accepted() {
        let token = issue(&claims(far_future()), SECRET).unwrap();
        assert_eq!(
            verify(&token, SECRET).unwrap(),
            claims(far_future()).clone_with_exp(&token)
        );
    }

    #[test]
    fn expired_wrongly_signed_and_unsigned_tokens_are_refused() {
        let expired = issue(&claims(chrono::Utc::now().timestamp() - 10), SECRET).unwrap();
        assert_eq!(verify(&expired, SECRET), Err(AuthError::Expired));
        let other = issue(&claims(far_future()), b"another-secret-another-secret!!").unwrap();
        assert_eq!(verify(&other, SECRET), Err(AuthError::BadSignature));
        let payload = B64.encode(serde_json::to_vec(&claims(far_future())).unwrap());
        let none = format!(
            "{}.{payload}.",
            B64.encode(br#"{"alg":"none","typ":"JWT"}"#)
        );
        assert!(verify(&none, SECRET).is_err());
        assert!(matches!(
            verify("not.a.jwt", SECRET),
            Err(AuthError::Malformed(_))
        ));
    }

    impl Claims {
        fn clone_with_exp(&self, token: &str) -> Claims {
            let exp = verify(token, SECRET).unwrap().exp;
            Claims {
                exp,
                ..self.clone()
            }
        }
    }
}
