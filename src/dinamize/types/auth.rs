//! `POST /auth`: exchange user, password and client code for a token.

use serde::{Deserialize, Serialize};

use crate::dinamize::call::{Body, DinamizeCall};
use crate::dinamize::de;
use crate::dinamize::error::DinamizeError;

/// The login request. `Debug` redacts the password.
#[derive(Clone, Serialize)]
pub struct AuthRequest {
    /// API user name.
    pub user: String,
    /// API password (never logged).
    pub password: String,
    /// The client code the user is linked to, sent as a string.
    pub client_code: String,
}

impl std::fmt::Debug for AuthRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthRequest")
            .field("user", &self.user)
            .field("password", &"[redacted]")
            .field("client_code", &self.client_code)
            .finish()
    }
}

/// `POST /auth`, the one call made without a token (`DinamizeClient::auth`).
impl DinamizeCall for AuthRequest {
    const PATH: &'static str = "/auth";
    const NAME: &'static str = "auth";
    type Response = AuthResponse;

    fn body(&self) -> Result<Body, DinamizeError> {
        Body::json(self)
    }
}

/// The login answer. `Debug` redacts the token.
#[derive(Clone, Deserialize)]
pub struct AuthResponse {
    /// The opaque token (`body["auth-token"]`), sent back in the `auth-token` header.
    #[serde(rename = "auth-token", deserialize_with = "de::string")]
    pub auth_token: String,
    /// Whether the user is a manager (`body.manager`); `false` when absent.
    #[serde(default, deserialize_with = "de::bool_any")]
    pub manager: bool,
}

impl std::fmt::Debug for AuthResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthResponse")
            .field("auth_token", &"[redacted]")
            .field("manager", &self.manager)
            .finish()
    }
}
