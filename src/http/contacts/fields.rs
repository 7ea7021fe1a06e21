//! Field-level checks shared by the contact endpoints. Each returns `Err((field, message))` so
//! a handler can collect every bad field of a body into one 400.

use serde_json::Value;

use crate::dinamize::{CustomFields, FieldValue};

/// One bad field: its name as the caller spelled it, and what is wrong.
pub type FieldError = (String, String);

/// Dinamize's search operators, for error messages (`dinamize::Operator` parses them).
pub const OPERATORS: &str = "= != *v* !*v* v* !v* *v !*v < > <= >=";

/// The longest e-mail address, in characters, spaces around it included.
pub const MAX_EMAIL: usize = 254;

/// The largest page Dinamize serves.
pub const MAX_PAGE_SIZE: u32 = 10_000;

fn bad(field: &str, message: impl Into<String>) -> FieldError {
    (field.to_string(), message.into())
}

/// A number given as a JSON number or a numeric string, within `min..=max`.
pub fn number_in(
    field: &str,
    value: Option<&Value>,
    default: u32,
    min: u32,
    max: u32,
) -> Result<u32, FieldError> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(default);
    };
    let parsed = match value {
        // `12.0` is the whole number 12 in JSON (and in JSON Schema's `integer`).
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && (0.0..9.0e15).contains(f))
                .map(|f| f as u64)
        }),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    match parsed {
        Some(n) if n >= u64::from(min) && n <= u64::from(max) => Ok(n as u32),
        _ => Err(bad(
            field,
            format!("must be a whole number from {min} to {max}"),
        )),
    }
}

/// A code (list or contact) given as a number or a string of digits; required.
pub fn code(field: &str, value: Option<&Value>) -> Result<String, FieldError> {
    let text = match value {
        Some(Value::Number(n)) if n.is_u64() => n.to_string(),
        // `12.0` is the whole number 12 in JSON (and in JSON Schema's `integer`).
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && (0.0..9.0e15).contains(&f) => format!("{f:.0}"),
            _ => String::new(),
        },
        Some(Value::String(s)) => s.trim().to_string(),
        None | Some(Value::Null) => return Err(bad(field, "is required")),
        _ => String::new(),
    };
    if text.is_empty() || text.len() > 20 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(field, "must be a numeric code"));
    }
    Ok(text)
}

/// An e-mail address: one `@`, a non-empty local part, a dotted domain, no spaces but around
/// it (they are trimmed), at most [`MAX_EMAIL`] characters as sent.
pub fn email(field: &str, value: Option<&Value>) -> Result<String, FieldError> {
    let Some(Value::String(raw)) = value else {
        return Err(bad(field, "is required and must be a string"));
    };
    let email = raw.trim();
    let valid = raw.chars().count() <= MAX_EMAIL
        && !email.chars().any(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.split('.').count() >= 2
                && domain.split('.').all(|label| !label.is_empty())
        });
    if !valid {
        return Err(bad(field, "must be a valid e-mail address"));
    }
    Ok(email.to_string())
}

/// An optional string no longer than `max`.
pub fn text(field: &str, value: Option<&Value>, max: usize) -> Result<Option<String>, FieldError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s.clone())),
        Some(Value::String(_)) => Err(bad(field, format!("must be at most {max} characters"))),
        Some(_) => Err(bad(field, "must be a string")),
    }
}

/// `custom_fields`: an object whose keys are `cmpN` and whose values are strings, numbers or
/// arrays of those (multi-value list fields).
pub fn custom_fields(field: &str, value: Option<&Value>) -> Result<CustomFields, Vec<FieldError>> {
    let map = match value {
        None | Some(Value::Null) => return Ok(CustomFields::new()),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(vec![bad(field, "must be an object of cmpN keys")]),
    };
    let mut errors = Vec::new();
    for (key, value) in map {
        let name = format!("{field}.{key}");
        if !is_cmp_key(key) {
            errors.push(bad(&name, "custom field keys must be cmpN (e.g. cmp4)"));
        } else if !is_field_value(value) {
            errors.push(bad(&name, "must be a string, a number or an array of them"));
        }
    }
    if errors.is_empty() {
        let parse =
            |v: &Value| serde_json::from_value::<FieldValue>(v.clone()).unwrap_or(FieldValue::Null);
        Ok(map.iter().map(|(k, v)| (k.clone(), parse(v))).collect())
    } else {
        Err(errors)
    }
}

fn is_cmp_key(key: &str) -> bool {
    key.strip_prefix("cmp")
        .is_some_and(|n| !n.is_empty() && n.len() <= 6 && n.bytes().all(|b| b.is_ascii_digit()))
}

fn is_field_value(value: &Value) -> bool {
    match value {
        Value::String(_) | Value::Number(_) => true,
        Value::Array(items) => items.iter().all(|v| v.is_string() || v.is_number()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn numbers_may_arrive_as_numbers_or_strings() {
        assert_eq!(number_in("p", Some(&json!("25")), 10, 1, 100), Ok(25));
        assert_eq!(number_in("p", Some(&json!(25)), 10, 1, 100), Ok(25));
        assert_eq!(number_in("p", None, 10, 1, 100), Ok(10));
        assert_eq!(number_in("p", Some(&json!(25.0)), 10, 1, 100), Ok(25));
        assert!(number_in("p", Some(&json!(2.5)), 10, 1, 100).is_err());
        assert!(number_in("p", Some(&json!(0)), 10, 1, 100).is_err());
        assert!(number_in("p", Some(&json!("x")), 10, 1, 100).is_err());
    }

    #[test]
    fn email_syntax_is_checked() {
        for good in ["a@b.co", "first.last+tag@mail.example.com.br"] {
            assert!(email("email", Some(&json!(good))).is_ok(), "{good}");
        }
        for bad in [
            "", "no-at", "a@b", "a@@b.co", "a b@c.co", "@b.co", "a@b..co",
        ] {
            assert!(email("email", Some(&json!(bad))).is_err(), "{bad}");
        }
        assert_eq!(
            email("email", Some(&json!(" a@b.co\n"))),
            Ok("a@b.co".into())
        );
        // The limit counts characters as sent, as the document's `maxLength` does.
        let wide = format!("{}@b.co", "é".repeat(MAX_EMAIL - 5));
        assert_eq!(wide.chars().count(), MAX_EMAIL);
        assert!(
            email("email", Some(&json!(wide))).is_ok(),
            "254 characters, 503 bytes"
        );
        let padded = format!(" {wide}");
        assert!(email("email", Some(&json!(padded))).is_err());
    }

    #[test]
    fn custom_fields_accept_only_cmp_keys_and_plain_values() {
        assert!(
            custom_fields(
                "custom_fields",
                Some(&json!({"cmp4": "x", "cmp5": 3, "cmp6": ["1", 2]}))
            )
            .is_ok()
        );
        let errors = custom_fields(
            "custom_fields",
            Some(&json!({"phone": "x", "cmp7": {"a": 1}})),
        )
        .unwrap_err();
        let names: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(names, ["custom_fields.cmp7", "custom_fields.phone"]);
    }

    #[test]
    fn codes_must_be_numeric() {
        assert_eq!(code("c", Some(&json!(12))), Ok("12".into()));
        assert_eq!(code("c", Some(&json!(" 12 "))), Ok("12".into()));
        assert_eq!(code("c", Some(&json!(12.0))), Ok("12".into()));
        assert!(code("c", Some(&json!(12.5))).is_err());
        assert!(code("c", None).is_err());
        assert!(code("c", Some(&json!("1; drop"))).is_err());
    }
}
