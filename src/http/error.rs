//! The one error shape of the API, NestJS's as the CRM answers it, plus our machine code:
//! `{"statusCode", "message", "error", "code", "details"}` with a 4xx/5xx status. `message` is
//! in Portuguese unless the caller asks for English (see [`Lang`]). Messages are written for the
//! caller; causes go to the log, never a secret.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use serde_json::Value;

use super::error_text;
use super::lang::Lang;

/// An error answered to the caller.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    /// A stable, machine-readable code, e.g. `validation_failed`.
    pub code: &'static str,
    /// The message in English.
    pub message: String,
    /// The message in Portuguese; when absent, a Portuguese sentence for `code` stands in.
    pub message_pt: Option<String>,
    pub details: Option<Value>,
    /// Seconds for a `Retry-After` header (429 and 503 answers).
    pub retry_after_secs: Option<u64>,
    /// The language the body is written in (the error-shape middleware sets the caller's).
    pub lang: Lang,
}

/// The body, as serialized.
#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "statusCode")]
    status_code: u16,
    message: &'a str,
    error: &'a str,
    code: &'a str,
    details: Option<&'a Value>,
}

impl ApiError {
    /// An error with no details; `message` is English (add Portuguese with [`ApiError::pt`]).
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            message_pt: None,
            details: None,
            retry_after_secs: None,
            lang: Lang::default(),
        }
    }

    /// The message in Portuguese.
    pub fn pt(mut self, message: impl Into<String>) -> Self {
        self.message_pt = Some(message.into());
        self
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

    /// The same error, written in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// 400 naming the fields that are wrong: `[{ "field", "message" }]`.
    pub fn validation(fields: Vec<(String, String)>) -> Self {
        let names: Vec<&str> = fields.iter().map(|(f, _)| f.as_str()).collect();
        let (en, pt) = (
            format!("invalid request: {}", names.join(", ")),
            format!("requisição inválida: {}", names.join(", ")),
        );
        let details = fields
            .iter()
            .map(|(field, message)| serde_json::json!({ "field": field, "message": message }))
            .collect();
        Self::new(StatusCode::BAD_REQUEST, "validation_failed", en)
            .pt(pt)
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
        .pt(format!("indisponível: {dependency}"))
    }

    /// An answer for a bare status (unknown route, wrong method, an error of the framework).
    pub fn for_status(status: StatusCode) -> Self {
        let (code, en, pt) = error_text::for_status(status);
        Self::new(status, code, en).pt(pt)
    }

    /// The message in this error's language.
    pub fn localized_message(&self) -> &str {
        match self.lang {
            Lang::En => &self.message,
            Lang::Pt => self
                .message_pt
                .as_deref()
                .or_else(|| error_text::pt_for_code(self.code))
                .unwrap_or(&self.message),
        }
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
            status_code: self.status.as_u16(),
            message: self.localized_message(),
            error: error_text::status_text(self.status),
            code: self.code,
            details: self.details.as_ref(),
        })
    }
}
