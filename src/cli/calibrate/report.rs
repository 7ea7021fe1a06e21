//! What calibrate learnt, as `.env` lines and as a JSON report (every raw answer, secrets
//! redacted). `simulate --codes REPORT` reads the report's `codes`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The codes calibrate tries to learn, each a `DINAMIZE_CODE_*` setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CodeName {
    ExpiredToken,
    DuplicateContact,
    NotFound,
    InvalidEmail,
    ListNotFound,
    InvalidRequest,
}

impl CodeName {
    /// Every code, in `.env` order.
    pub const ALL: [CodeName; 6] = [
        CodeName::ExpiredToken,
        CodeName::DuplicateContact,
        CodeName::NotFound,
        CodeName::InvalidEmail,
        CodeName::ListNotFound,
        CodeName::InvalidRequest,
    ];

    /// The key in the report's `codes` (and in `SimCodes`).
    pub fn key(self) -> &'static str {
        match self {
            CodeName::ExpiredToken => "expired_token",
            CodeName::DuplicateContact => "duplicate_contact",
            CodeName::NotFound => "not_found",
            CodeName::InvalidEmail => "invalid_email",
            CodeName::ListNotFound => "list_not_found",
            CodeName::InvalidRequest => "invalid_request",
        }
    }

    /// The setting that carries it.
    pub fn variable(self) -> &'static str {
        match self {
            CodeName::ExpiredToken => "DINAMIZE_CODE_EXPIRED_TOKEN",
            CodeName::DuplicateContact => "DINAMIZE_CODE_DUPLICATE_CONTACT",
            CodeName::NotFound => "DINAMIZE_CODE_NOT_FOUND",
            CodeName::InvalidEmail => "DINAMIZE_CODE_INVALID_EMAIL",
            CodeName::ListNotFound => "DINAMIZE_CODE_LIST_NOT_FOUND",
            CodeName::InvalidRequest => "DINAMIZE_CODE_INVALID_REQUEST",
        }
    }
}

/// One request calibrate sent and what came back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    /// What the step probes (`login`, `get_missing_contact`, ...).
    pub name: String,
    /// The path posted to.
    pub path: String,
    /// The request body, secrets redacted.
    pub request: Value,
    /// The HTTP status, when an answer came.
    pub http_status: Option<u16>,
    /// The answer as received, secrets redacted (`null` when none came).
    pub answer: Value,
    /// Why no answer came.
    pub error: Option<String>,
}

/// The report file.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub base_url: String,
    pub client_code: String,
    /// Whether writes were allowed (`--allow-writes`).
    pub writes: bool,
    pub list: Option<String>,
    pub max_requests: u32,
    pub requests_used: u32,
    /// Learnt codes by key; `null` when the step was not run or did not fail.
    pub codes: BTreeMap<String, Option<String>>,
    /// Other behaviour seen (duplicates allowed or rejected, body shapes).
    pub observations: BTreeMap<String, Value>,
    /// The `.env` lines printed.
    pub env: Vec<String>,
    /// Every request and raw answer, in order.
    pub steps: Vec<StepRecord>,
}

/// The `.env` lines for `codes`: a setting per learnt code, a comment for the others.
pub fn env_lines(codes: &BTreeMap<CodeName, String>) -> Vec<String> {
    CodeName::ALL
        .iter()
        .map(|name| match codes.get(name) {
            Some(code) => format!("{}={code}", name.variable()),
            None => format!("# {}: not learnt (placeholder kept)", name.variable()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learnt_codes_are_settings_and_the_rest_are_comments() {
        let codes = BTreeMap::from([(CodeName::NotFound, "555".to_string())]);
        let lines = env_lines(&codes);
        assert!(lines.contains(&"DINAMIZE_CODE_NOT_FOUND=555".to_string()));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("# DINAMIZE_CODE_EXPIRED_TOKEN"))
        );
        assert_eq!(lines.len(), 6);
    }
}
