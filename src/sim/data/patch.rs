//! The contact fields a request may set (`/emkt/contact/add`, `/update`, the import), read
//! from JSON and checked against the list's custom fields before anything is written.

use super::contact::{Contact, DATE_FORMAT};
use crate::sim::envelope::Fail;
use crate::sim::layout::FieldSeed;
use crate::sim::params::{as_u64, opt_str};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Map, Value};

/// Fields to set; `None` keeps the stored value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactPatch {
    pub email: Option<String>,
    pub name: Option<String>,
    pub external_code: Option<String>,
    pub rest_until: Option<NaiveDateTime>,
    /// Merged into the stored custom fields key by key; `Null` removes the key.
    pub custom_fields: Map<String, Value>,
}

impl ContactPatch {
    /// Reads `email`, `name`, `external_code`, `date_rest` and `custom_fields` from a body.
    pub fn read(map: &Map<String, Value>, fields: &[FieldSeed]) -> Result<Self, Fail> {
        let mut patch = Self {
            email: opt_str(map, "email")?.map(|e| e.trim().to_string()),
            name: opt_str(map, "name")?,
            external_code: opt_str(map, "external_code")?,
            rest_until: opt_str(map, "date_rest")?
                .map(|d| parse_date(&d))
                .transpose()?,
            custom_fields: Map::new(),
        };
        match map.get("custom_fields") {
            None | Some(Value::Null) => {}
            Some(Value::Object(custom)) => {
                for (key, value) in custom {
                    patch.set_field(key, value.clone(), fields)?;
                }
            }
            Some(_) => return Err(Fail::invalid("custom_fields must be an object")),
        }
        Ok(patch)
    }

    /// Sets `cmpN` (or a field code `N`); cmp1..cmp3 set the e-mail, name and external code.
    /// The value is stored as [`normalize`] reads it.
    pub fn set_field(&mut self, key: &str, value: Value, fields: &[FieldSeed]) -> Result<(), Fail> {
        let unknown = || Fail::invalid(format!("unknown custom field {key}"));
        let code: u32 = key
            .strip_prefix("cmp")
            .unwrap_or(key)
            .parse()
            .map_err(|_| unknown())?;
        let field = fields.iter().find(|f| f.code == code).ok_or_else(unknown)?;
        let value = normalize(field, value)?;
        let text = || match &value {
            Value::String(s) => Ok(s.clone()),
            _ => Err(Fail::invalid(format!("cmp{code} takes one text value"))),
        };
        match code {
            1 => self.email = Some(text()?.trim().to_string()),
            2 => self.name = Some(text()?),
            3 => self.external_code = Some(text()?),
            _ => {
                self.custom_fields.insert(format!("cmp{code}"), value);
            }
        }
        Ok(())
    }

    /// Writes the patch onto `contact`.
    pub fn apply(self, contact: &mut Contact) {
        if let Some(email) = self.email {
            contact.email = email;
        }
        if let Some(name) = self.name {
            contact.name = name;
        }
        if let Some(external_code) = self.external_code {
            contact.external_code = external_code;
        }
        if self.rest_until.is_some() {
            contact.rest_until = self.rest_until;
        }
        for (key, value) in self.custom_fields {
            if value.is_null() {
                contact.custom_fields.remove(&key);
            } else {
                contact.custom_fields.insert(key, value);
            }
        }
    }
}

/// A value as the simulator stores it, in the shapes public clients send: text (a number is
/// stored as its text) or, on an `LV` field, an option code (string or number) stored as its
/// text; either may come as a list. `null` or an empty list is `Null`, which clears the field.
/// An unknown option code or any other shape is an invalid request.
pub fn normalize(field: &FieldSeed, value: Value) -> Result<Value, Fail> {
    match value {
        Value::Null => Ok(Value::Null),
        Value::Array(items) if items.is_empty() => Ok(Value::Null),
        Value::Array(items) => items
            .iter()
            .map(|item| scalar(field, item))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        other => scalar(field, &other),
    }
}

fn scalar(field: &FieldSeed, value: &Value) -> Result<Value, Fail> {
    let bad = || Fail::invalid(format!("bad value {value} for cmp{}", field.code));
    if !field.is_list_of_values() {
        return match value {
            Value::String(s) => Ok(Value::String(s.clone())),
            Value::Number(n) => Ok(Value::String(n.to_string())),
            _ => Err(bad()),
        };
    }
    if !(value.is_string() || value.is_number()) {
        return Err(bad());
    }
    match as_u64(value) {
        Some(code) if field.has_option(code) => Ok(Value::String(code.to_string())),
        _ => Err(Fail::invalid(format!(
            "cmp{} has no option {value}",
            field.code
        ))),
    }
}

/// `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDateTime, Fail> {
    NaiveDateTime::parse_from_str(text.trim(), DATE_FORMAT)
        .or_else(|_| {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map(|d| d.and_time(Default::default()))
        })
        .map_err(|_| Fail::invalid(format!("date {text:?} is not YYYY-MM-DD HH:MM:SS")))
}
