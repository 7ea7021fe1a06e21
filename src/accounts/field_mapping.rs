//! A company's mapping of lead fields to Dinamize custom fields, kept with its account
//! (`crm_dinamize_accounts.field_mapping`) and edited through the account route: checked
//! when written, read back as written. `sync::mapping` applies it to a lead.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

/// The lead field that is not a custom field but may be mapped.
pub const PHONE: &str = "phone";
/// Longest lead field name a mapping may use.
pub const MAX_SOURCE_LEN: usize = 64;
/// Most entries a mapping may hold (Dinamize accounts have a few dozen fields).
pub const MAX_ENTRIES: usize = 100;

/// Lead field name → Dinamize custom field (`cmpN`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldMapping(pub BTreeMap<String, String>);

/// Why a mapping was refused; `field` names the offending entry for the 400 answer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field}: {message}")]
pub struct MappingError {
    /// `field_mapping` or `field_mapping.<name>`.
    pub field: String,
    /// What is wrong, in words.
    pub message: String,
}

impl FieldMapping {
    /// Reads and checks a mapping: an object of lead field names (1..=64 characters) to
    /// distinct `cmpN` codes (N ≥ 4: cmp1..cmp3 are e-mail, name and external code).
    pub fn parse(value: &Value) -> Result<Self, MappingError> {
        let error = |field: String, message: &str| MappingError {
            field,
            message: message.into(),
        };
        let object = value
            .as_object()
            .ok_or_else(|| error("field_mapping".into(), "expected an object"))?;
        if object.len() > MAX_ENTRIES {
            return Err(error("field_mapping".into(), "at most 100 entries"));
        }
        let mut mapping = BTreeMap::new();
        let mut targets = std::collections::BTreeSet::new();
        for (source, target) in object {
            let field = format!("field_mapping.{source}");
            if source.trim().is_empty() || source.chars().count() > MAX_SOURCE_LEN {
                return Err(error(
                    "field_mapping".into(),
                    "names are 1 to 64 characters",
                ));
            }
            let target = target
                .as_str()
                .filter(|t| custom_field_number(t).is_some_and(|n| n >= 4))
                .ok_or_else(|| error(field.clone(), "expected a custom field code cmpN, N >= 4"))?;
            if !targets.insert(target.to_owned()) {
                return Err(error(field, "two lead fields map to the same custom field"));
            }
            mapping.insert(source.clone(), target.to_owned());
        }
        Ok(Self(mapping))
    }

    /// A mapping read back from the database, where only checked mappings are written.
    pub fn from_stored(value: &Value) -> Self {
        Self::parse(value).unwrap_or_default()
    }

    /// The mapping as JSON, for storing and answering.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(&self.0).unwrap_or(Value::Null)
    }
}

fn custom_field_number(code: &str) -> Option<u32> {
    let digits = code.strip_prefix("cmp")?;
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_bad_mapping_is_refused_naming_the_entry() {
        let cases = [
            (json!([]), "field_mapping"),
            (json!({"phone": "cmp2"}), "field_mapping.phone"),
            (json!({"phone": "cmp04"}), "field_mapping.phone"),
            (json!({"phone": 4}), "field_mapping.phone"),
            (json!({"phone": "cmp4", "x": "cmp4"}), "field_mapping.x"),
            (json!({"": "cmp4"}), "field_mapping"),
        ];
        for (value, field) in cases {
            assert_eq!(
                FieldMapping::parse(&value).unwrap_err().field,
                field,
                "{value}"
            );
        }
    }
}
