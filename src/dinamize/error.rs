//! `DinamizeError`: every way a call can fail, one variant per behaviour the caller needs
//! (stop, wait, re-authenticate, back off). `Display` never shows a token or a password: the
//! variants do not hold them.

use std::time::Duration;

/// Which of the non-public "validation" codes was answered (see `codes::UnknownCodes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValidationKind {
    /// The e-mail address was rejected.
    InvalidEmail,
    /// The e-mail is already in the list.
    DuplicateContact,
    /// The contact does not exist.
    NotFound,
    /// The contact list does not exist.
    ListNotFound,
    /// A required field is missing or malformed.
    InvalidRequest,
}

impl ValidationKind {
    /// A stable name for logs and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            ValidationKind::InvalidEmail => "invalid_email",
            ValidationKind::DuplicateContact => "duplicate_contact",
            ValidationKind::NotFound => "not_found",
            ValidationKind::ListNotFound => "list_not_found",
            ValidationKind::InvalidRequest => "invalid_request",
        }
    }
}

/// The log category of `crm_sync_logs.category`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCategory {
    /// Transport failures and non-200 answers (`NETWORK`).
    Network,
    /// Credentials and tokens (`AUTH`).
    Auth,
    /// The request itself was refused (`VALIDATION`).
    Validation,
    /// Code 240024 (`RATE_LIMIT`).
    RateLimit,
    /// Any other API code, or an answer that could not be read (`API_ERROR`).
    ApiError,
}

impl ErrorCategory {
    /// The spelling stored in `crm_sync_logs.category`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCategory::Network => "NETWORK",
            ErrorCategory::Auth => "AUTH",
            ErrorCategory::Validation => "VALIDATION",
            ErrorCategory::RateLimit => "RATE_LIMIT",
            ErrorCategory::ApiError => "API_ERROR",
        }
    }
}

/// A failed Dinamize call. `request_unique` is Dinamize's request id, kept for the logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DinamizeError {
    /// Login refused: 240002, 240003, 240004 or 240029. Permanent until the account is fixed.
    #[error("dinamize refused the login: code {code} ({detail}), request {}", unique(.request_unique))]
    Auth {
        code: String,
        detail: String,
        request_unique: Option<String>,
    },
    /// 240024: too many requests; wait `retry_after` (from `body["retry-after"]`).
    #[error("dinamize rate limit: retry after {}s, request {}", .retry_after.as_secs_f64(), unique(.request_unique))]
    RateLimited {
        retry_after: Duration,
        request_unique: Option<String>,
    },
    /// The request was refused for its content (e-mail, duplicate, not found, ...).
    #[error("dinamize refused the request ({}): code {code} ({detail}), request {}", .kind.as_str(), unique(.request_unique))]
    Validation {
        kind: ValidationKind,
        code: String,
        detail: String,
        request_unique: Option<String>,
    },
    /// The token expired or is unknown: authenticate again.
    #[error("dinamize token expired: code {code} ({detail}), request {}", unique(.request_unique))]
    ExpiredToken {
        code: String,
        detail: String,
        request_unique: Option<String>,
    },
    /// Any other code.
    #[error("dinamize error: code {code} ({detail}), request {}", unique(.request_unique))]
    Api {
        code: String,
        detail: String,
        request_unique: Option<String>,
    },
    /// The request did not complete (connect, TLS, reset, timeout).
    #[error("dinamize unreachable{}: {message}", if *.timed_out { " (timed out)" } else { "" })]
    Transport { message: String, timed_out: bool },
    /// The server answered with a status other than 200 (proxy, outage).
    #[error("dinamize answered HTTP {status}")]
    HttpStatus { status: u16 },
    /// The answer could not be read; `path` names the JSON path that failed.
    #[error("dinamize answer undecodable at `{path}`: {message}, request {}", unique(.request_unique))]
    Decode {
        path: String,
        message: String,
        request_unique: Option<String>,
    },
    /// The request could not be built (a bug on our side, never sent).
    #[error("dinamize request could not be built: {message}")]
    Encode { message: String },
}

fn unique(request_unique: &Option<String>) -> &str {
    request_unique.as_deref().unwrap_or("-")
}

impl DinamizeError {
    /// The Dinamize code, for the errors that carry one (240024 for rate limits).
    pub fn code(&self) -> Option<&str> {
        match self {
            DinamizeError::Auth { code, .. }
            | DinamizeError::Validation { code, .. }
            | DinamizeError::ExpiredToken { code, .. }
            | DinamizeError::Api { code, .. } => Some(code),
            DinamizeError::RateLimited { .. } => Some(super::codes::RATE_LIMITED),
            _ => None,
        }
    }

    /// Dinamize's request id, when the answer carried one.
    pub fn request_unique(&self) -> Option<&str> {
        match self {
            DinamizeError::Auth { request_unique, .. }
            | DinamizeError::RateLimited { request_unique, .. }
            | DinamizeError::Validation { request_unique, .. }
            | DinamizeError::ExpiredToken { request_unique, .. }
            | DinamizeError::Api { request_unique, .. }
            | DinamizeError::Decode { request_unique, .. } => request_unique.as_deref(),
            _ => None,
        }
    }

    /// The log category (`crm_sync_logs.category`).
    pub fn category(&self) -> ErrorCategory {
        match self {
            DinamizeError::Auth { .. } | DinamizeError::ExpiredToken { .. } => ErrorCategory::Auth,
            DinamizeError::RateLimited { .. } => ErrorCategory::RateLimit,
            DinamizeError::Validation { .. } => ErrorCategory::Validation,
            DinamizeError::Transport { .. } | DinamizeError::HttpStatus { .. } => {
                ErrorCategory::Network
            }
            DinamizeError::Api { .. }
            | DinamizeError::Decode { .. }
            | DinamizeError::Encode { .. } => ErrorCategory::ApiError,
        }
    }

    /// Whether the call timed out (the server may still have acted on it).
    pub fn is_timeout(&self) -> bool {
        matches!(
            self,
            DinamizeError::Transport {
                timed_out: true,
                ..
            }
        )
    }

    /// Maps a reqwest failure, with its cause chain, to `Transport`.
    pub(crate) fn transport(error: &reqwest::Error) -> Self {
        let mut message = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        DinamizeError::Transport {
            message,
            timed_out: error.is_timeout(),
        }
    }
}
