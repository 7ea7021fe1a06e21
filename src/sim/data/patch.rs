//! The contact fields a request may set (`/emkt/contact/add`, `/update`, the import), read
//! from JSON and checked against the list's custom fields before anything is written.

use super::contact::{Contact, DATE_FORMAT};
use crate::sim::config::FieldSeed;
use crate::sim::envelope::Fail;
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
    /// Merged into the stored custom fields key by key.
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
    pub fn set_field(&mut self, key: &str, value: Value, fields: &[FieldSeed]) -> Result<(), Fail> {
        let unknown = || Fail::invalid(format!("unknown custom field {key}"));
        let code: u32 = key
            .strip_prefix("cmp")
            .unwrap_or(key)
            .parse()
            .map_err(|_| unknown())?;
        let field = fields.iter().find(|f| f.code == code).ok_or_else(unknown)?;
        check_value(field, &value)?;
        let as_text = || match &value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        match code {
            1 => self.email = Some(as_text().trim().to_string()),
            2 => self.name = Some(as_text()),
            3 => self.external_code = Some(as_text()),
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
        contact.custom_fields.extend(self.custom_fields);
    }
}

/// A value is a string, a number or an array of them; an `LV` field holds option codes.
fn check_value(field: &FieldSeed, value: &Value) -> Result<(), Fail> {
    let scalar_ok = |v: &Value| match field.kind.as_str() {
        "LV" => as_u64(v).is_some_and(|c| field.options.iter().any(|(code, _)| *code == c)),
        _ => v.is_string() || v.is_number(),
    };
    let ok = match value {
        Value::Array(items) => items.iter().all(scalar_ok),
        Value::Null => true,
        v => scalar_ok(v),
    };
    if ok {
        Ok(())
    } else {
        Err(Fail::invalid(format!("bad value for cmp{}", field.code)))
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
