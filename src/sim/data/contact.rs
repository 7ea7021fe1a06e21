//! A contact as the simulator stores it, its JSON item shape, and how search and order read a
//! field of it (`email`/`cmp1`, `name`/`cmp2`, `external_code`/`cmp3`, `cmpN`, ...).

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::{Map, Value, json};
use std::borrow::Cow;

/// Dinamize's date format, no zone.
pub const DATE_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// One contact of one list.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub code: u64,
    pub list_code: u64,
    pub email: String,
    pub name: String,
    pub external_code: String,
    pub insert_date: NaiveDateTime,
    /// `V` valid or `I` invalid.
    pub status: &'static str,
    pub optout: bool,
    pub spam: bool,
    /// The contact rests (receives nothing) until this date.
    pub rest_until: Option<NaiveDateTime>,
    /// User fields keyed `cmpN`; a value is a string, a number or an array.
    pub custom_fields: Map<String, Value>,
}

impl Contact {
    /// A valid contact with only an e-mail, inserted at `now`.
    pub fn new(code: u64, list_code: u64, email: &str, now: DateTime<Utc>) -> Self {
        Self {
            code,
            list_code,
            email: email.into(),
            name: String::new(),
            external_code: String::new(),
            insert_date: now.naive_utc(),
            status: "V",
            optout: false,
            spam: false,
            rest_until: None,
            custom_fields: Map::new(),
        }
    }

    /// The item as `/emkt/contact/search` and `/emkt/contact/get` answer it.
    pub fn to_json(&self) -> Value {
        json!({
            "code": self.code.to_string(),
            "email": self.email,
            "name": self.name,
            "external_code": self.external_code,
            "insert_date": self.insert_date.format(DATE_FORMAT).to_string(),
            "status": self.status,
            "optout": self.optout,
            "spam": self.spam,
            "custom_fields": self.custom_fields,
        })
    }

    /// Whether the contact is resting at `now`.
    pub fn is_resting(&self, now: DateTime<Utc>) -> bool {
        self.rest_until.is_some_and(|until| until > now.naive_utc())
    }

    /// Whether `pred` holds for any value of a field (canonical name from
    /// [`canonical_field`]), read as text; a missing field reads as one empty string, an array
    /// as each of its elements (an empty array has no value).
    pub fn any_value(&self, field: &str, mut pred: impl FnMut(&str) -> bool) -> bool {
        match field {
            "code" => pred(&self.code.to_string()),
            "email" => pred(&self.email),
            "name" => pred(&self.name),
            "external_code" => pred(&self.external_code),
            "insert_date" => pred(&self.insert_date.format(DATE_FORMAT).to_string()),
            "status" => pred(self.status),
            "optout" => pred(if self.optout { "true" } else { "false" }),
            "spam" => pred(if self.spam { "true" } else { "false" }),
            custom => match self.custom_fields.get(custom) {
                Some(Value::Array(items)) => items.iter().any(|v| pred(&text(v))),
                Some(v) => pred(&text(v)),
                None => pred(""),
            },
        }
    }

    /// The first value of a field as text (what `order` sorts by).
    pub fn first_value(&self, field: &str) -> String {
        let mut first = String::new();
        self.any_value(field, |v| {
            first = v.to_string();
            true
        });
        first
    }
}

fn text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        Value::Null => Cow::Borrowed(""),
        other => Cow::Owned(other.to_string()),
    }
}

/// The canonical name of a searchable field, or `None` if unknown. `cmp1`..`cmp3` are the
/// built-in e-mail, name and external code; `cmpN` is a user field when `has_field(N)`.
pub fn canonical_field(name: &str, has_field: impl Fn(u32) -> bool) -> Option<String> {
    let name = name.trim().to_ascii_lowercase();
    let builtin = [
        "code",
        "email",
        "name",
        "external_code",
        "insert_date",
        "status",
        "optout",
        "spam",
    ];
    if builtin.contains(&name.as_str()) {
        return Some(name);
    }
    match name.strip_prefix("cmp")?.parse::<u32>().ok()? {
        1 => Some("email".into()),
        2 => Some("name".into()),
        3 => Some("external_code".into()),
        n if has_field(n) => Some(format!("cmp{n}")),
        _ => None,
    }
}

/// Whether `email` looks like an address: one `@`, a local part, a dotted domain, no spaces.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_for_a_plausible_shape() {
        assert!(is_valid_email("ana@example.com"));
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.com",
            "a@b",
            "a b@x.com",
            "a@x..com",
            "a@@x.com",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn builtin_cmp_codes_name_the_contact_columns() {
        let has = |n: u32| n == 7;
        assert_eq!(canonical_field("cmp1", has).as_deref(), Some("email"));
        assert_eq!(canonical_field("EMAIL", has).as_deref(), Some("email"));
        assert_eq!(canonical_field("cmp7", has).as_deref(), Some("cmp7"));
        assert_eq!(canonical_field("cmp8", has), None);
        assert_eq!(canonical_field("phone", has), None);
    }
}
