//! A lead as Dinamize should see it: e-mail, name, external code and the custom fields `cmpN`
//! that the company's mapping names, plus the fingerprint that tells whether anything a
//! contact carries has changed since the last success.
//!
//! The mapping is kept with the company's account (`accounts::FieldMapping`): `{"phone":
//! "cmp4", "segment": "cmp7"}` sends the lead's phone to `cmp4` and the value of its custom
//! field `segment` to `cmp7`. Lead fields the mapping does not name are not sent.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::accounts::field_mapping::{FieldMapping, PHONE};
use crate::dinamize::{CustomFields, FieldValue};

/// The lead's own fields that a contact may carry.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadFields {
    /// The lead's id (the contact's external code when the lead has none of its own).
    pub id: i64,
    /// E-mail.
    pub email: String,
    /// Name.
    pub name: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// The CRM's own external code.
    pub external_code: Option<String>,
    /// The lead's custom fields (a JSON object).
    pub custom_fields: Value,
}

/// What the contact should hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappedContact {
    /// E-mail, trimmed.
    pub email: String,
    /// Name, when the lead has one.
    pub name: Option<String>,
    /// The lead's external code, else its id: how a contact is traced back to its lead.
    pub external_code: String,
    /// `cmpN` → value, for each mapped lead field that has a value.
    pub custom_fields: CustomFields,
}

impl MappedContact {
    /// Maps `lead` through `mapping`.
    pub fn of(lead: &LeadFields, mapping: &FieldMapping) -> Self {
        let mut custom_fields = CustomFields::new();
        for (source, target) in &mapping.0 {
            let value = if source == PHONE {
                lead.phone.clone().map(FieldValue::Text)
            } else {
                lead.custom_fields.get(source).and_then(field_value)
            };
            if let Some(value) = value {
                custom_fields.insert(target.clone(), value);
            }
        }
        Self {
            email: lead.email.trim().to_owned(),
            name: lead.name.clone().filter(|n| !n.trim().is_empty()),
            external_code: lead
                .external_code
                .clone()
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| lead.id.to_string()),
            custom_fields,
        }
    }

    /// A stable digest of everything the contact carries (hex SHA-256 of its canonical
    /// JSON): equal fingerprints mean no call is needed.
    pub fn fingerprint(&self) -> String {
        let canonical = serde_json::to_vec(self).unwrap_or_default();
        Sha256::digest(&canonical)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// A lead's custom field value as Dinamize takes it: text, a number, or a list of those.
fn field_value(value: &Value) -> Option<FieldValue> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(FieldValue::Text(s.clone())),
        Value::Number(n) => Some(FieldValue::Number(n.clone())),
        Value::Bool(b) => Some(FieldValue::Text(if *b { "1" } else { "0" }.into())),
        Value::Array(items) => Some(FieldValue::List(
            items.iter().filter_map(field_value).collect(),
        )),
        Value::Object(_) => Some(FieldValue::Text(value.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn lead() -> LeadFields {
        LeadFields {
            id: 42,
            email: " ana@example.com ".into(),
            name: Some("Ana".into()),
            phone: Some("+55 51 5555".into()),
            external_code: None,
            custom_fields: json!({"segment": "retail", "score": 7, "unmapped": "x"}),
        }
    }

    fn mapping() -> FieldMapping {
        FieldMapping::parse(&json!({"phone": "cmp4", "segment": "cmp7", "score": "cmp8"})).unwrap()
    }

    #[test]
    fn mapped_fields_go_to_their_custom_fields_and_the_rest_stays_behind() {
        let contact = MappedContact::of(&lead(), &mapping());
        assert_eq!(contact.email, "ana@example.com");
        assert_eq!(contact.external_code, "42");
        assert_eq!(contact.custom_fields.len(), 3);
        assert_eq!(
            contact.custom_fields["cmp4"],
            FieldValue::from("+55 51 5555")
        );
        assert_eq!(contact.custom_fields["cmp7"], FieldValue::from("retail"));
        assert_eq!(contact.custom_fields["cmp8"], FieldValue::Number(7.into()));
    }

    #[test]
    fn the_fingerprint_moves_only_when_a_sent_field_moves() {
        let base = MappedContact::of(&lead(), &mapping()).fingerprint();
        let mut unmapped = lead();
        unmapped.custom_fields["unmapped"] = json!("y");
        assert_eq!(MappedContact::of(&unmapped, &mapping()).fingerprint(), base);
        let mut renamed = lead();
        renamed.name = Some("Ana Maria".into());
        assert_ne!(MappedContact::of(&renamed, &mapping()).fingerprint(), base);
        let mut remapped = mapping();
        remapped.0.insert("segment".into(), "cmp9".into());
        assert_ne!(MappedContact::of(&lead(), &remapped).fingerprint(), base);
    }
}
