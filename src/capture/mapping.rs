//! Which column of the CRM's table feeds which field of a lead: read from the command line
//! (`id=dwu_id,company=dwu_company_id,...`) or a JSON file, every name checked as a SQL
//! identifier (it is quoted in the generated SQL, never spliced raw).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A mapping that cannot be used; the message names the entry.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct MappingError(pub String);

/// `schema.table` (or `table`, in the connection's search path).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableName {
    /// The schema; `None` for the search path's.
    pub schema: Option<String>,
    /// The table.
    pub table: String,
}

impl TableName {
    /// Parses `schema.table` or `table`.
    pub fn parse(raw: &str) -> Result<Self, MappingError> {
        let parts: Vec<&str> = raw.split('.').collect();
        let (schema, table) = match parts.as_slice() {
            [table] => (None, *table),
            [schema, table] => (Some(identifier("table schema", schema)?), *table),
            _ => {
                return Err(MappingError(format!(
                    "table: expected schema.table, got {raw:?}"
                )));
            }
        };
        Ok(Self {
            schema,
            table: identifier("table", table)?,
        })
    }
}

/// Lead field → column of the CRM's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptureMapping {
    /// The CRM's key (required).
    pub id: String,
    /// The company id (required; a number).
    pub company: String,
    /// The e-mail (required).
    pub email: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// The contact's external code; the CRM's key when absent.
    #[serde(default)]
    pub external_code: Option<String>,
    /// A soft-delete timestamp column.
    #[serde(default)]
    pub deleted_at: Option<String>,
    /// Lead custom field name → column (sent to Dinamize through the company's mapping).
    #[serde(default)]
    pub custom_fields: BTreeMap<String, String>,
}

/// The lead fields a `--columns` list may name.
const FIELDS: &[&str] = &[
    "id",
    "company",
    "email",
    "name",
    "phone",
    "external_code",
    "deleted_at",
];

impl CaptureMapping {
    /// From `field=column` pairs (`--columns`) and `name=column` pairs (`--custom`).
    pub fn from_pairs(columns: &[String], custom: &[String]) -> Result<Self, MappingError> {
        let mut fields = BTreeMap::new();
        for pair in columns {
            let (field, column) = split_pair("--columns", pair)?;
            if !FIELDS.contains(&field) {
                return Err(MappingError(format!(
                    "--columns: unknown lead field {field:?} (known: {})",
                    FIELDS.join(", ")
                )));
            }
            fields.insert(field.to_owned(), column.to_owned());
        }
        let mut custom_fields = BTreeMap::new();
        for pair in custom {
            let (name, column) = split_pair("--custom", pair)?;
            custom_fields.insert(name.to_owned(), column.to_owned());
        }
        let mut required = |f: &str| {
            fields
                .remove(f)
                .ok_or_else(|| MappingError(format!("--columns: {f}=<column> is required")))
        };
        let mapping = Self {
            id: required("id")?,
            company: required("company")?,
            email: required("email")?,
            name: fields.remove("name"),
            phone: fields.remove("phone"),
            external_code: fields.remove("external_code"),
            deleted_at: fields.remove("deleted_at"),
            custom_fields,
        };
        mapping.checked()
    }

    /// From a JSON file's text (the same fields, `custom_fields` an object).
    pub fn from_json(text: &str) -> Result<Self, MappingError> {
        let mapping: Self =
            serde_json::from_str(text).map_err(|e| MappingError(format!("mapping file: {e}")))?;
        mapping.checked()
    }

    /// Every name checked as an identifier.
    fn checked(self) -> Result<Self, MappingError> {
        for (field, column) in self.columns() {
            identifier(&format!("column for {field}"), column)?;
        }
        for name in self.custom_fields.keys() {
            if name.is_empty() || name.chars().count() > 64 || name.contains('\'') {
                return Err(MappingError(format!(
                    "custom field name {name:?}: 1 to 64 characters, no quote"
                )));
            }
        }
        Ok(self)
    }

    /// `(lead field, column)` for every mapped column.
    pub fn columns(&self) -> Vec<(String, &str)> {
        let mut all = vec![
            ("id".to_owned(), self.id.as_str()),
            ("company".to_owned(), self.company.as_str()),
            ("email".to_owned(), self.email.as_str()),
        ];
        for (field, column) in [
            ("name", &self.name),
            ("phone", &self.phone),
            ("external_code", &self.external_code),
            ("deleted_at", &self.deleted_at),
        ] {
            if let Some(column) = column {
                all.push((field.to_owned(), column.as_str()));
            }
        }
        for (name, column) in &self.custom_fields {
            all.push((format!("custom_fields.{name}"), column.as_str()));
        }
        all
    }
}

fn split_pair<'a>(flag: &str, pair: &'a str) -> Result<(&'a str, &'a str), MappingError> {
    pair.split_once('=')
        .map(|(k, v)| (k.trim(), v.trim()))
        .filter(|(k, v)| !k.is_empty() && !v.is_empty())
        .ok_or_else(|| MappingError(format!("{flag}: expected name=column, got {pair:?}")))
}

/// A SQL identifier we are willing to quote: letters, digits, `_` and `$`, not starting with
/// a digit, at most 63 bytes (PostgreSQL's limit).
pub fn identifier(what: &str, name: &str) -> Result<String, MappingError> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ok {
        Ok(name.to_owned())
    } else {
        Err(MappingError(format!(
            "{what}: {name:?} is not a plain SQL identifier"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn pairs_give_a_mapping_and_required_fields_are_named_when_missing() {
        let m = CaptureMapping::from_pairs(
            &pairs(&[
                "id=dwu_id",
                "company=dwu_company_id",
                "email=dwu_email",
                "name=dwu_name",
            ]),
            &pairs(&["segment=dwu_segment"]),
        )
        .unwrap();
        assert_eq!(m.name.as_deref(), Some("dwu_name"));
        assert_eq!(m.custom_fields["segment"], "dwu_segment");
        let missing = CaptureMapping::from_pairs(&pairs(&["id=id", "email=email"]), &[]);
        assert!(
            missing
                .unwrap_err()
                .0
                .contains("company=<column> is required")
        );
    }

    #[test]
    fn names_that_are_not_plain_identifiers_are_refused() {
        for bad in ["a b", "x\";drop table y;--", "1col", ""] {
            let columns = pairs(&["id=id", "company=company", &format!("email={bad}")]);
            assert!(
                CaptureMapping::from_pairs(&columns, &[]).is_err(),
                "{bad:?}"
            );
        }
        assert!(TableName::parse("crm.crm_leads").is_ok());
        assert!(TableName::parse("a.b.c").is_err());
        assert!(TableName::parse("crm.\"x").is_err());
        let camel =
            CaptureMapping::from_pairs(&pairs(&["id=id", "company=companyId", "email=email"]), &[]);
        assert_eq!(camel.unwrap().company, "companyId");
    }
}
