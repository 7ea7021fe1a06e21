//! The error shape as the OpenAPI document shows it (the handlers answer it through
//! [`super::ApiError`]; a test compares real answers with this description).

use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

/// The body of every 4xx/5xx answer: NestJS's `statusCode`, `message`, `error`, plus `code`
/// and `details`.
#[derive(Deserialize, ToSchema)]
pub struct ErrorBody {
    /// The HTTP status, repeated.
    #[serde(rename = "statusCode")]
    #[schema(example = 401)]
    pub status_code: u16,
    /// For people: in Portuguese, or in English with `?lang=en` or `Accept-Language: en`
    /// (`lang` wins over the header).
    #[schema(example = "o token expirou")]
    pub message: String,
    /// The status text, as NestJS writes it.
    #[schema(example = "Unauthorized")]
    pub error: String,
    /// Stable machine-readable code (`validation_failed`, `unauthorized`, `rate_limited`, …).
    #[schema(example = "unauthorized")]
    pub code: String,
    /// `null`, except: validation errors list the fields (`[{field, message}]`, the field's
    /// message in English); Dinamize's refusals and rate limits give an object with their
    /// particulars (`dinamize_code`, `kind`, `request_unique`; `retry_after_ms`).
    #[schema(value_type = Option<ErrorDetails>)]
    pub details: Option<Value>,
}

/// What `details` holds.
#[allow(dead_code)] // Exists to be documented.
#[derive(Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ErrorDetails {
    /// The fields that failed validation.
    Fields(Vec<FieldError>),
    /// The particulars of a Dinamize refusal or rate limit.
    #[schema(value_type = Object)]
    Particulars(Value),
}

/// One field that failed validation.
#[derive(Deserialize, ToSchema)]
pub struct FieldError {
    /// The field's name or path (`email`, `search[0].operator`, `X-Company-Id`).
    pub field: String,
    pub message: String,
}
