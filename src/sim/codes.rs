//! The simulator's own table of the codes Dinamize has not published. It is deliberately not
//! the client's `UnknownCodes`: the simulator can be told codes the service does not know (a
//! test of what happens when a guess is wrong), or the codes `calibrate` learnt from the real
//! service (`--codes FILE`, which reads a calibrate report or a plain table).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;

/// The codes the simulator answers where the contract is silent. Defaults: today's placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SimCodes {
    /// A missing, unknown or expired `auth-token`.
    pub expired_token: String,
    /// Add or update with an e-mail already in the list.
    pub duplicate_contact: String,
    /// Get, update or delete of a missing contact; an unknown import code.
    pub not_found: String,
    /// Add or update with an e-mail that is not an address.
    pub invalid_email: String,
    /// A `contact-list_code` that does not exist.
    pub list_not_found: String,
    /// Every malformed request.
    pub invalid_request: String,
}

impl Default for SimCodes {
    fn default() -> Self {
        Self {
            expired_token: "240005".into(),
            duplicate_contact: "240100".into(),
            not_found: "240101".into(),
            invalid_email: "240102".into(),
            list_not_found: "240103".into(),
            invalid_request: "240104".into(),
        }
    }
}

impl From<&crate::dinamize::UnknownCodes> for SimCodes {
    /// The embedded simulator answers what the service expects (it stands in for a Dinamize
    /// the service was configured for).
    fn from(c: &crate::dinamize::UnknownCodes) -> Self {
        Self {
            expired_token: c.expired_token.clone(),
            duplicate_contact: c.duplicate_contact.clone(),
            not_found: c.not_found.clone(),
            invalid_email: c.invalid_email.clone(),
            list_not_found: c.list_not_found.clone(),
            invalid_request: c.invalid_request.clone(),
        }
    }
}

impl SimCodes {
    /// Reads a table from JSON: a `calibrate` report (its `codes` object) or the table itself.
    /// Codes absent from the file (or `null`, not learnt) keep their placeholder.
    pub fn from_json(value: &Value) -> Result<Self, String> {
        let table = value.get("codes").unwrap_or(value);
        let Value::Object(map) = table else {
            return Err("expected a JSON object of codes".into());
        };
        let mut codes = Self::default();
        for (key, code) in map {
            let code = match code {
                Value::String(s) if !s.trim().is_empty() => s.trim().to_owned(),
                Value::Number(n) => n.to_string(),
                Value::Null => continue,
                other => return Err(format!("{key}: expected a code, got {other}")),
            };
            let slot = match key.as_str() {
                "expired_token" => &mut codes.expired_token,
                "duplicate_contact" => &mut codes.duplicate_contact,
                "not_found" => &mut codes.not_found,
                "invalid_email" => &mut codes.invalid_email,
                "list_not_found" => &mut codes.list_not_found,
                "invalid_request" => &mut codes.invalid_request,
                other => return Err(format!("unknown code name `{other}`")),
            };
            *slot = code;
        }
        Ok(codes)
    }

    /// Reads [`SimCodes::from_json`] from a file.
    pub fn load(path: &Path) -> std::io::Result<Self> {
        let invalid = |e: String| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}: {e}", path.display()),
            )
        };
        let text = std::fs::read_to_string(path)?;
        let value: Value = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        Self::from_json(&value).map_err(invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_calibrate_report_sets_the_codes_it_learnt_and_keeps_placeholders_for_the_rest() {
        let report =
            json!({"codes": {"not_found": "111", "expired_token": 222, "duplicate_contact": null}});
        let codes = SimCodes::from_json(&report).unwrap();
        assert_eq!(codes.not_found, "111");
        assert_eq!(codes.expired_token, "222");
        assert_eq!(codes.duplicate_contact, "240100");
    }

    #[test]
    fn a_plain_table_is_read_and_an_unknown_name_is_refused() {
        let codes = SimCodes::from_json(&json!({"invalid_email": "9"})).unwrap();
        assert_eq!(codes.invalid_email, "9");
        assert!(SimCodes::from_json(&json!({"nope": "1"})).is_err());
    }
}
