//! The one error shape of the API: `{"error": {"code", "message", "details"}}` with a 4xx/5xx
//! status. Messages are written for the caller; causes go to the log, never a secret.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use serde_json::Value;

/// An error answered to the caller.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    /// A stable, machine-readable code, e.g. `validation_failed`.
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
    /// Seconds for a `Retry-After` header (429 and 503 answers).
    pub retry_after_secs: Option<u64>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a Value>,
}

impl ApiError {
    /// An error with no details.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: None,
            retry_after_secs: None,
        }
    }

    /// Adds a `Retry-After` header.
    pub fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after_secs = Some(secs);
        self
    }

    /// Adds machine-readable details (e.g. the fields that failed validation).
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    /// 400 naming the fields that are wrong: `[{ "field", "message" }]`.
    pub fn validation(fields: Vec<(String, String)>) -> Self {
        let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
        let message = format!("invalid request: {}", names.join(", "));
        let details = fields
            .iter()
            .map(|(field, message)| serde_json::json!({ "field": field, "message": message }))
            .collect();
        Self::new(StatusCode::BAD_REQUEST, "validation_failed", message)
            .with_details(Value::Array(details))
    }

    /// 503 for a dependency that is down; the cause is logged, not returned.
    pub fn unavailable(dependency: &str, cause: &dyn std::fmt::Display) -> Self {
        log::error!("{dependency} unavailable: {cause}");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "dependency_unavailable",
            format!("{dependency} is unavailable"),
        )
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if let Some(secs) = self.retry_after_secs {
            response.insert_header(("Retry-After", secs.to_string()));
        }
        response.json(Body {
            error: Inner {
                code: self.code,
                message: &self.message,
                details: self.details.as_ref(),
            },
        })
    }
}
