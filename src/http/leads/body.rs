//! The bodies of `POST /api/leads` and `PATCH /api/leads/{id}`, read from JSON with every bad
//! field named in one 400. Unknown fields are refused too, so a misspelt field is not silently
//! dropped. No text may hold a NUL character: PostgreSQL would refuse it later.

use serde_json::{Map, Value};

use crate::http::ApiError;
use crate::http::contacts::fields::{self, FieldError};
use crate::leads::{LeadChanges, NewLead};

/// The fields a lead body may carry.
pub const FIELDS: [&str; 5] = ["email", "name", "phone", "external_code", "custom_fields"];
/// Longest name and external code.
pub const MAX_TEXT: usize = 255;
/// Longest phone.
pub const MAX_PHONE: usize = 64;
/// Most custom fields a lead may hold.
pub const MAX_CUSTOM_FIELDS: usize = 200;
/// Longest custom field name (as long as a mapping's lead field names may be).
pub const MAX_CUSTOM_NAME: usize = crate::accounts::field_mapping::MAX_SOURCE_LEN;
/// Largest magnitude of a number in `custom_fields`. PostgreSQL keeps a `jsonb` number
/// exactly and writes it back in full (1.7976931348623155e308 as 309 digits), and the service
/// reads it as a 64-bit float: near the float's limit that read overflowed (schemathesis found
/// it: every later read of the lead was a 503). Such a number, when the CRM's own SQL writes
/// it, is now read as the string of its digits (`db::lenient_json`), not as the number sent;
/// the API refuses it instead of changing its type.
pub const MAX_CUSTOM_NUMBER: f64 = 1e300;
/// What a text holding a NUL character is told (PostgreSQL would refuse it later).
const NO_NUL: &str = "must not contain a NUL character";

/// Reads a create body for `company_id`: `email` required.
pub fn new_lead(company_id: i64, body: &Value) -> Result<NewLead, ApiError> {
    let map = object(body)?;
    let mut errors = unknown_fields(map);
    let mut take = |result: Result<Option<String>, FieldError>| {
        result.unwrap_or_else(|e| {
            errors.push(e);
            None
        })
    };
    let email = take(email(map.get("email")).map(Some));
    let name = take(text("name", map.get("name"), MAX_TEXT));
    let phone = take(text("phone", map.get("phone"), MAX_PHONE));
    let external_code = take(text("external_code", map.get("external_code"), MAX_TEXT));
    let custom_fields = match map.get("custom_fields") {
        None | Some(Value::Null) => Value::Object(Map::new()),
        Some(value) => custom_fields(value).unwrap_or_else(|bad| {
            errors.extend(bad);
            Value::Null
        }),
    };
    finish(errors)?;
    Ok(NewLead {
        company_id,
        email: email.unwrap_or_default(),
        name,
        phone,
        external_code,
        custom_fields,
    })
}

/// Reads a partial update: absent fields are kept, `null` clears `name`, `phone`,
/// `external_code` and `custom_fields` (to `{}`); `email` cannot be cleared.
pub fn changes(body: &Value) -> Result<LeadChanges, ApiError> {
    let map = object(body)?;
    let mut errors = unknown_fields(map);
    let mut changes = LeadChanges::default();
    if let Some(value) = map.get("email") {
        changes.email = email(Some(value)).map_err(|e| errors.push(e)).ok();
    }
    let mut nullable = |name: &str, max: usize| {
        let value = map.get(name)?;
        text(name, Some(value), max)
            .map_err(|e| errors.push(e))
            .ok()
    };
    changes.name = nullable("name", MAX_TEXT);
    changes.phone = nullable("phone", MAX_PHONE);
    changes.external_code = nullable("external_code", MAX_TEXT);
    changes.custom_fields = match map.get("custom_fields") {
        None => None,
        Some(Value::Null) => Some(Value::Object(Map::new())),
        Some(value) => custom_fields(value).map_err(|bad| errors.extend(bad)).ok(),
    };
    finish(errors)?;
    Ok(changes)
}

fn object(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    body.as_object()
        .ok_or_else(|| ApiError::validation(vec![("body".into(), "must be a JSON object".into())]))
}

fn finish(errors: Vec<FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

fn unknown_fields(map: &Map<String, Value>) -> Vec<FieldError> {
    map.keys()
        .filter(|key| !FIELDS.contains(&key.as_str()))
        .map(|key| {
            let known = FIELDS.join(", ");
            (key.clone(), format!("is not a lead field ({known})"))
        })
        .collect()
}

fn email(value: Option<&Value>) -> Result<String, FieldError> {
    let email = fields::email("email", value)?;
    no_nul("email", &email)?;
    Ok(email)
}

fn text(name: &str, value: Option<&Value>, max: usize) -> Result<Option<String>, FieldError> {
    let text = fields::text(name, value, max)?;
    if let Some(text) = &text {
        no_nul(name, text)?;
    }
    Ok(text)
}

fn no_nul(name: &str, text: &str) -> Result<(), FieldError> {
    if text.contains('\0') {
        return Err((name.into(), NO_NUL.into()));
    }
    Ok(())
}

/// `custom_fields`: an object of named values (any JSON); the account's field mapping decides
/// which of them reach Dinamize.
fn custom_fields(value: &Value) -> Result<Value, Vec<FieldError>> {
    let Value::Object(map) = value else {
        return Err(vec![("custom_fields".into(), "must be an object".into())]);
    };
    if map.len() > MAX_CUSTOM_FIELDS {
        let message = format!("at most {MAX_CUSTOM_FIELDS} fields");
        return Err(vec![("custom_fields".into(), message)]);
    }
    let mut errors = Vec::new();
    for (key, item) in map {
        let name = format!("custom_fields.{key}");
        if key.trim().is_empty() || key.chars().count() > MAX_CUSTOM_NAME || key.contains('\0') {
            let message = format!("names are 1 to {MAX_CUSTOM_NAME} characters, no NUL");
            errors.push(("custom_fields".into(), message));
        } else if let Some(problem) = unstorable(item) {
            errors.push((name, problem.into()));
        }
    }
    if errors.is_empty() {
        Ok(value.clone())
    } else {
        Err(errors)
    }
}

/// Why `value` cannot be stored and read back, if it cannot: PostgreSQL's `jsonb` refuses
/// `\u0000` anywhere in a string, and a number beyond `MAX_CUSTOM_NUMBER` would not read back.
fn unstorable(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(s) if s.contains('\0') => Some(NO_NUL),
        Value::Number(n) if n.as_f64().is_none_or(|x| x.abs() > MAX_CUSTOM_NUMBER) => {
            Some("numbers must lie between -1e300 and 1e300")
        }
        Value::Array(items) => items.iter().find_map(unstorable),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if k.contains('\0') {
                Some(NO_NUL)
            } else {
                unstorable(v)
            }
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn bad_fields(error: ApiError) -> Vec<String> {
        let details = error.details.unwrap();
        let fields = details.as_array().unwrap().iter();
        fields
            .map(|d| d["field"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn a_create_body_names_each_bad_field() {
        let body = json!({"email": "nope", "name": 3, "phone": "x".repeat(65),
            "external_code": "a\u{0}b", "custom_fields": {"k": ["\u{0}"]}, "emial": "a@b.co"});
        assert_eq!(
            bad_fields(new_lead(1, &body).unwrap_err()),
            [
                "emial",
                "email",
                "name",
                "phone",
                "external_code",
                "custom_fields.k"
            ]
        );
        assert_eq!(bad_fields(new_lead(1, &json!({})).unwrap_err()), ["email"]);
        assert_eq!(bad_fields(new_lead(1, &json!([])).unwrap_err()), ["body"]);
    }

    #[test]
    fn custom_numbers_beyond_what_reads_back_are_refused_naming_the_field() {
        let huge = json!({"custom_fields": {"ok": [1e300, -1e300, 2.5e-309],
            "big": {"deep": [1.7976931348623155e308]}, "small": -1e301}});
        assert_eq!(
            bad_fields(changes(&huge).unwrap_err()),
            ["custom_fields.big", "custom_fields.small"]
        );
    }

    #[test]
    fn a_patch_keeps_absent_fields_and_clears_nulls() {
        let changes = changes(&json!({"name": null, "custom_fields": null})).unwrap();
        assert_eq!(changes.email, None);
        assert_eq!(changes.name, Some(None));
        assert_eq!(changes.phone, None);
        assert_eq!(changes.custom_fields, Some(json!({})));
        let refused = super::changes(&json!({"email": null, "custom_fields": []}));
        assert_eq!(bad_fields(refused.unwrap_err()), ["email", "custom_fields"]);
    }
}
