//! The one place that reads Dinamize's answer envelope
//! `{code, code_detail, body, request_unique, warning}`.
//!
//! `code` may be a string or a number; `480001` means success and `body` is decoded into the
//! caller's type. Any other code becomes a [`DinamizeError`] chosen by the code alone:
//! `code_detail` is localised ("Sucesso" / "Success") and only ever copied into the error.

use std::time::Duration;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::codes::{self, UnknownCodes};
use super::de;
use super::error::{DinamizeError, ValidationKind};

/// Wait used when a 240024 answer carries no readable `retry-after`: one full window of the
/// per-minute limit, so that the wait is never shorter than what the server needs.
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(60);
/// Shortest wait honoured: a `retry-after` of 0 would retry in a busy loop.
pub const MIN_RETRY_AFTER: Duration = Duration::from_secs(1);
/// Longest wait honoured: a garbled huge `retry-after` must not park a company for days.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

#[derive(Deserialize)]
struct RawEnvelope {
    #[serde(deserialize_with = "de::string")]
    code: String,
    #[serde(default, deserialize_with = "de::opt_string")]
    code_detail: Option<String>,
    #[serde(default)]
    body: Value,
    #[serde(default, deserialize_with = "de::opt_string")]
    request_unique: Option<String>,
}

/// The `code` of an answer that is an envelope (a JSON object with a string or number
/// `code`), whatever HTTP status it came with.
pub fn envelope_code(bytes: &[u8]) -> Option<String> {
    match serde_json::from_slice::<Value>(bytes).ok()?.get("code")? {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Decodes a complete answer: the envelope, then (on success) its `body` as `T`.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], codes: &UnknownCodes) -> Result<T, DinamizeError> {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let envelope: RawEnvelope =
        serde_path_to_error::deserialize(&mut json).map_err(|e| decode_error("", &e, None))?;
    let code = envelope.code.trim();
    if code == codes::SUCCESS {
        return decode_body(envelope.body, envelope.request_unique);
    }
    Err(classify(
        code,
        envelope.code_detail.unwrap_or_default(),
        &envelope.body,
        envelope.request_unique,
        codes,
    ))
}

/// Decodes a success `body` as `T`. A missing or null body, or PHP's empty array `[]`, reads as
/// `{}` so that answers with nothing to say still decode into all-optional types.
fn decode_body<T: DeserializeOwned>(
    body: Value,
    request_unique: Option<String>,
) -> Result<T, DinamizeError> {
    let body = match body {
        Value::Null => Value::Object(Default::default()),
        Value::Array(items) if items.is_empty() => Value::Object(Default::default()),
        other => other,
    };
    serde_path_to_error::deserialize(body).map_err(|e| decode_error("body", &e, request_unique))
}

fn decode_error<E: std::fmt::Display>(
    prefix: &str,
    error: &serde_path_to_error::Error<E>,
    request_unique: Option<String>,
) -> DinamizeError {
    let inner = error.path().to_string();
    let path = match (prefix.is_empty(), inner == ".") {
        (true, _) => inner,
        (false, true) => prefix.to_owned(),
        (false, false) => format!("{prefix}.{inner}"),
    };
    DinamizeError::Decode {
        path,
        message: error.inner().to_string(),
        request_unique,
    }
}

/// Maps a non-success code to its error. The known codes are constants; the ones not public
/// come from `codes` (settings with placeholder defaults).
pub fn classify(
    code: &str,
    detail: String,
    body: &Value,
    request_unique: Option<String>,
    codes: &UnknownCodes,
) -> DinamizeError {
    let code_owned = code.to_owned();
    match code {
        codes::PASSWORD_REQUIRED
        | codes::USERNAME_REQUIRED
        | codes::INVALID_CREDENTIALS
        | codes::INVALID_CLIENT_CODE => DinamizeError::Auth {
            code: code_owned,
            detail,
            request_unique,
        },
        codes::RATE_LIMITED => DinamizeError::RateLimited {
            retry_after: retry_after(body),
            request_unique,
        },
        c if c == codes.expired_token => DinamizeError::ExpiredToken {
            code: code_owned,
            detail,
            request_unique,
        },
        c => match validation_kind(c, codes) {
            Some(kind) => DinamizeError::Validation {
                kind,
                code: code_owned,
                detail,
                request_unique,
            },
            None => DinamizeError::Api {
                code: code_owned,
                detail,
                request_unique,
            },
        },
    }
}

fn validation_kind(code: &str, codes: &UnknownCodes) -> Option<ValidationKind> {
    [
        (&codes.invalid_email, ValidationKind::InvalidEmail),
        (&codes.duplicate_contact, ValidationKind::DuplicateContact),
        (&codes.not_found, ValidationKind::NotFound),
        (&codes.list_not_found, ValidationKind::ListNotFound),
        (&codes.invalid_request, ValidationKind::InvalidRequest),
    ]
    .into_iter()
    .find(|(known, _)| known.as_str() == code)
    .map(|(_, kind)| kind)
}

/// Reads `body["retry-after"]` (seconds, as a string or a number), clamped to
/// [`MIN_RETRY_AFTER`, `MAX_RETRY_AFTER`]; [`DEFAULT_RETRY_AFTER`] when missing or unreadable.
pub fn retry_after(body: &Value) -> Duration {
    let seconds = match body.get("retry-after") {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match seconds {
        Some(s) if s.is_finite() && s >= 0.0 => {
            Duration::from_secs_f64(s.min(MAX_RETRY_AFTER.as_secs_f64())).max(MIN_RETRY_AFTER)
        }
        _ => DEFAULT_RETRY_AFTER,
    }
}

#[cfg(test)]
mod tests;
