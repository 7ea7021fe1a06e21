//! `DINAMIZE_*`: the API, the default account, token lifetimes and the unknown result codes.

use std::time::Duration;

use url::Url;

use super::{ConfigError, Env, Secret, bounds};
use crate::dinamize::codes::UnknownCodes;

/// Dinamize itself.
#[derive(Debug, Clone)]
pub struct DinamizeConfig {
    /// `DINAMIZE_API_BASE_URL` (default none): unset means the embedded simulator is used.
    pub base_url: Option<Url>,
    /// `DINAMIZE_API_USER`: seeds the default company's account when set.
    pub user: Option<String>,
    /// `DINAMIZE_API_PASSWORD`: seeds the default company's account when set.
    pub password: Option<Secret<String>>,
    /// `DINAMIZE_CLIENT_CODE`: seeds the default company's account when set.
    pub client_code: Option<String>,
    /// `DINAMIZE_DEFAULT_LIST_CODE` (digits): the list the default company's leads go to,
    /// seeded with its account. Without it (and without one set through the account route)
    /// that company's lead jobs fail saying so.
    pub default_list_code: Option<String>,
    /// `DINAMIZE_TOKEN_EXPIRY_INACTIVITY_MINUTES` (default `60`): idle life of a token.
    pub token_idle_minutes: i64,
    /// `DINAMIZE_TOKEN_MAX_AGE_HOURS` (default `24`): longest life of a token.
    pub token_max_age_hours: i64,
    /// `DINAMIZE_TOKEN_RENEW_BEFORE_MINUTES` (default `5`): renew this long before either expiry.
    pub token_renew_before_minutes: i64,
    /// `DINAMIZE_RATE_LIMIT_PER_MINUTE` (default `60`): an account's limit unless it sets its own.
    pub rate_limit_per_minute: u32,
    /// `DINAMIZE_REQUEST_TIMEOUT` (default `20000` ms): one request, connect to last byte.
    pub request_timeout: Duration,
    /// `DINAMIZE_INTERACTIVE_DEADLINE_MS` (default `15000`): the longest a frontend call waits
    /// for a permit, Dinamize's limit and the answer; past it the caller gets 429 or 504.
    pub interactive_deadline: Duration,
    /// `DINAMIZE_CODE_*`: the result codes not known publicly (placeholders by default).
    pub codes: UnknownCodes,
}

/// `DINAMIZE_DEFAULT_LIST_CODE`: a Dinamize list code is a number.
fn list_code(env: &Env) -> Result<Option<String>, ConfigError> {
    let name = "DINAMIZE_DEFAULT_LIST_CODE";
    match env.optional(name) {
        Some(code) if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) => {
            Err(ConfigError::invalid(name, "a list code (digits)", &code))
        }
        code => Ok(code),
    }
}

impl DinamizeConfig {
    /// True when no real Dinamize is configured and the embedded simulator stands in.
    pub fn uses_embedded_simulator(&self) -> bool {
        self.base_url.is_none()
    }

    pub(super) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        Ok(Self {
            base_url: base_url(env)?,
            user: env.optional("DINAMIZE_API_USER"),
            password: env.secret("DINAMIZE_API_PASSWORD"),
            client_code: env.optional("DINAMIZE_CLIENT_CODE"),
            default_list_code: list_code(env)?,
            token_idle_minutes: env.bounded(&bounds::DINAMIZE_TOKEN_EXPIRY_INACTIVITY_MINUTES)?,
            token_max_age_hours: env.bounded(&bounds::DINAMIZE_TOKEN_MAX_AGE_HOURS)?,
            token_renew_before_minutes: env
                .bounded(&bounds::DINAMIZE_TOKEN_RENEW_BEFORE_MINUTES)?,
            rate_limit_per_minute: env.bounded(&bounds::DINAMIZE_RATE_LIMIT_PER_MINUTE)?,
            request_timeout: env.bounded_millis(&bounds::DINAMIZE_REQUEST_TIMEOUT)?,
            interactive_deadline: env.bounded_millis(&bounds::DINAMIZE_INTERACTIVE_DEADLINE_MS)?,
            codes: codes(env),
        })
    }
}

fn base_url(env: &Env) -> Result<Option<Url>, ConfigError> {
    let Some(raw) = env.optional("DINAMIZE_API_BASE_URL") else {
        return Ok(None);
    };
    let expected = "an http:// or https:// URL such as https://api.dinamize.com";
    match Url::parse(&raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(Some(url)),
        _ => Err(ConfigError::invalid(
            "DINAMIZE_API_BASE_URL",
            expected,
            &raw,
        )),
    }
}

fn codes(env: &Env) -> UnknownCodes {
    let d = UnknownCodes::default();
    UnknownCodes {
        expired_token: env.string("DINAMIZE_CODE_EXPIRED_TOKEN", &d.expired_token),
        duplicate_contact: env.string("DINAMIZE_CODE_DUPLICATE_CONTACT", &d.duplicate_contact),
        not_found: env.string("DINAMIZE_CODE_NOT_FOUND", &d.not_found),
        invalid_email: env.string("DINAMIZE_CODE_INVALID_EMAIL", &d.invalid_email),
        list_not_found: env.string("DINAMIZE_CODE_LIST_NOT_FOUND", &d.list_not_found),
        invalid_request: env.string("DINAMIZE_CODE_INVALID_REQUEST", &d.invalid_request),
    }
}
