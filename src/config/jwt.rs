//! `JWT_SECRET`: the CRM's shared HS256 secret that signs callers' tokens.

use super::{ConfigError, Env, Secret};

/// A secret for development runs with the embedded simulator only.
const DEVELOPMENT_SECRET: &str = "dev-only-jwt-secret-never-in-production";

/// Caller authentication.
#[derive(Debug, Clone)]
pub struct JwtConfig {
    /// `JWT_SECRET`: required when `DINAMIZE_API_BASE_URL` is set.
    pub secret: Secret<String>,
    /// True when the development secret is in use.
    pub development_secret: bool,
}

impl JwtConfig {
    pub(super) fn from_env(env: &Env, embedded: bool) -> Result<Self, ConfigError> {
        match env.secret("JWT_SECRET") {
            Some(secret) if secret.expose().len() >= 16 => Ok(Self {
                secret,
                development_secret: false,
            }),
            Some(_) => Err(ConfigError::secret("JWT_SECRET", "at least 16 characters")),
            None if embedded => Ok(Self {
                secret: Secret::new(DEVELOPMENT_SECRET.into()),
                development_secret: true,
            }),
            None => Err(ConfigError::secret(
                "JWT_SECRET",
                "the CRM's HS256 secret; required when DINAMIZE_API_BASE_URL is set",
            )),
        }
    }
}
