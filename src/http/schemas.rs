//! JSON Schemas of request fields, carrying the same constraints as the validators in
//! `contacts::fields`, `account::body` and `leads::body`, so that the OpenAPI document promises
//! exactly what the service accepts (checked by `scripts/schemathesis.sh`). Used with
//! `#[schema(schema_with = …)]` and `#[param(schema_with = …)]`.

use serde_json::{Value, json};
use utoipa::openapi::schema::Schema;

use super::contacts::fields::{MAX_EMAIL, MAX_PAGE_SIZE};
use super::leads::body as lead_body;
use crate::accounts::field_mapping as mapping;

/// A code as the validators read it: up to 20 digits, as a string or a whole number.
const CODE_PATTERN: &str = "^[0-9]{1,20}$";

/// The characters Rust's `char::is_whitespace` (Unicode `White_Space`) matches, which the
/// validators trim, as the body of a regular-expression class. Spelt out because a pattern's
/// `\s` differs between dialects (Python's also matches U+001C..U+001F).
const SPACE: &str = r"\t\n\x0B\f\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// An e-mail as `fields::email` accepts it: spaces only around it, one `@`, a dotted domain.
/// `extra` lists characters refused besides (`\x00` for a lead, which PostgreSQL stores).
fn email_pattern(extra: &str) -> String {
    let not = format!("[^@{SPACE}{extra}]");
    let label = format!("[^@.{SPACE}{extra}]");
    format!(r"^[{SPACE}]*{not}+@{label}+(\.{label}+)+[{SPACE}]*$")
}

/// Text holding at least one character that is not a space (`trim()` leaves something).
fn not_blank() -> String {
    format!("[^{SPACE}]")
}

/// Text without a NUL character (PostgreSQL refuses it), and not blank.
fn not_blank_nor_nul() -> String {
    format!(r"^[^\x00]*[^{SPACE}\x00][^\x00]*$")
}

/// Text without a NUL character.
const NO_NUL: &str = r"^[^\x00]*$";

fn schema(value: Value) -> Schema {
    serde_json::from_value(value).expect("a valid JSON Schema")
}

fn code_json(description: &str) -> Value {
    json!({
        "description": description,
        "oneOf": [
            {"type": "string", "pattern": CODE_PATTERN, "example": "1"},
            {"type": "integer", "minimum": 0, "maximum": u64::MAX},
        ],
    })
}

/// A required list code (`contact-list_code`).
pub fn list_code() -> Schema {
    schema(code_json(
        "The contact list: up to 20 digits, as a string or a number",
    ))
}

/// Dinamize's client code (`client_code`).
pub fn client_code() -> Schema {
    schema(code_json("Dinamize's client code: up to 20 digits"))
}

/// An optional code that may also be `null`.
pub fn optional_code() -> Schema {
    let mut value = code_json("Up to 20 digits, as a string or a number; null for none");
    value["oneOf"]
        .as_array_mut()
        .expect("oneOf is an array")
        .push(json!({"type": "null"}));
    schema(value)
}

/// A required e-mail address.
pub fn email() -> Schema {
    schema(
        json!({"type": "string", "pattern": email_pattern(""), "maxLength": MAX_EMAIL,
        "example": "novo@exemplo.com"}),
    )
}

/// An optional e-mail address (`null` or omitted keeps the current one).
pub fn optional_email() -> Schema {
    schema(
        json!({"type": ["string", "null"], "pattern": email_pattern(""), "maxLength": MAX_EMAIL}),
    )
}

/// A lead's e-mail address (no NUL either); required on create, not nullable on a change.
pub fn lead_email() -> Schema {
    schema(
        json!({"type": "string", "pattern": email_pattern(r"\x00"), "maxLength": MAX_EMAIL,
        "example": "ana@example.com"}),
    )
}

/// A lead's name or external code: up to 255 characters, no NUL; `null` for none.
pub fn lead_text() -> Schema {
    schema(json!({"type": ["string", "null"], "maxLength": lead_body::MAX_TEXT, "pattern": NO_NUL}))
}

/// A lead's phone: up to 64 characters, no NUL; `null` for none.
pub fn lead_phone() -> Schema {
    schema(
        json!({"type": ["string", "null"], "maxLength": lead_body::MAX_PHONE, "pattern": NO_NUL}),
    )
}

/// A lead's `custom_fields`: named values of any JSON without NUL (`LeadFieldValue`).
pub fn lead_custom_fields() -> Schema {
    schema(json!({
        "type": ["object", "null"],
        "description": "Named values (any JSON without a NUL character); null empties it",
        "maxProperties": lead_body::MAX_CUSTOM_FIELDS,
        "propertyNames": {"type": "string", "minLength": 1,
            "maxLength": lead_body::MAX_CUSTOM_NAME, "pattern": not_blank_nor_nul()},
        "additionalProperties": {"$ref": "#/components/schemas/LeadFieldValue"},
    }))
}

/// Any JSON value whose strings (object keys included) hold no NUL character and whose numbers
/// lie within ±`MAX_CUSTOM_NUMBER`: the values of a lead's `custom_fields`, which PostgreSQL
/// stores as `jsonb`.
pub struct LeadFieldValue;

impl utoipa::PartialSchema for LeadFieldValue {
    fn schema() -> utoipa::openapi::RefOr<Schema> {
        let itself = json!({"$ref": "#/components/schemas/LeadFieldValue"});
        schema(json!({
            "description": "Any JSON value without a NUL character in its strings, its numbers \
                between -1e300 and 1e300",
            "oneOf": [
                {"type": "string", "pattern": NO_NUL},
                {"type": "number", "minimum": -lead_body::MAX_CUSTOM_NUMBER,
                    "maximum": lead_body::MAX_CUSTOM_NUMBER},
                {"type": "boolean"},
                {"type": "null"},
                {"type": "array", "items": itself},
                {"type": "object", "propertyNames": {"type": "string", "pattern": NO_NUL},
                    "additionalProperties": itself},
            ],
        }))
        .into()
    }
}

impl utoipa::ToSchema for LeadFieldValue {}

/// An optional text of at most 255 characters.
pub fn optional_text() -> Schema {
    schema(json!({"type": ["string", "null"], "maxLength": 255}))
}

/// A text that, when given, has 1 to 255 characters, not only spaces.
pub fn optional_required_text() -> Schema {
    schema(
        json!({"type": ["string", "null"], "minLength": 1, "maxLength": 255, "pattern": not_blank()}),
    )
}

/// `page_number`: 1-based (default 1).
pub fn page_number() -> Schema {
    schema(
        json!({"type": ["integer", "null"], "minimum": 1, "maximum": u32::MAX,
        "description": "1-based page (default 1); a numeric string is also read", "example": 1}),
    )
}

/// `page_size`: 1 to 10 000 (default 10).
pub fn page_size() -> Schema {
    schema(
        json!({"type": ["integer", "null"], "minimum": 1, "maximum": MAX_PAGE_SIZE,
        "description": "1 to 10 000 (default 10); a numeric string is also read", "example": 10}),
    )
}

/// `requests_per_minute`: 1 to 1 000.
pub fn requests_per_minute() -> Schema {
    schema(
        json!({"type": ["integer", "null"], "minimum": 1, "maximum": 1000,
        "description": "1 to 1000 (default: the service's DINAMIZE_RATE_LIMIT_PER_MINUTE)",
        "example": 60}),
    )
}

/// An account's `field_mapping`: lead field names to distinct `cmpN` codes, N ≥ 4.
pub fn field_mapping() -> Schema {
    schema(json!({
        "type": ["object", "null"],
        "description": "Lead field (1 to 64 characters) → Dinamize custom field cmpN (N ≥ 4), \
            e.g. {\"phone\": \"cmp4\", \"segment\": \"cmp7\"}; two fields may not share a code. \
            Replaces the whole mapping ({} empties it; absent or null keeps it). `phone` is the \
            lead's phone; other names are keys of its custom_fields.",
        "maxProperties": mapping::MAX_ENTRIES,
        "propertyNames": {"type": "string", "minLength": 1, "maxLength": mapping::MAX_SOURCE_LEN,
            "pattern": not_blank()},
        "additionalProperties": {"type": "string", "pattern": "^cmp([4-9]|[1-9][0-9]{1,8})$"},
        "example": {"phone": "cmp4"},
    }))
}

/// `custom_fields`: `cmpN` keys; values strings, numbers or arrays of them.
pub fn custom_fields() -> Schema {
    let plain = json!([{"type": "string"}, {"type": "number"}]);
    schema(json!({
        "type": ["object", "null"],
        "description": "Keys cmpN only; values strings, numbers or arrays of them",
        "propertyNames": {"type": "string", "pattern": "^cmp[0-9]{1,6}$"},
        "additionalProperties": {"oneOf": [
            {"type": "string"}, {"type": "number"}, {"type": "array", "items": {"oneOf": plain}},
        ]},
    }))
}

/// A search condition's or a sort key's `field`: a field name, not blank.
pub fn field_name() -> Schema {
    schema(json!({"type": "string", "pattern": not_blank(), "example": "email"}))
}

/// A search condition's `operator`.
pub fn operator() -> Schema {
    let operators: Vec<&str> = super::contacts::fields::OPERATORS.split(' ').collect();
    schema(json!({"type": "string", "enum": operators}))
}

/// A search condition's `value`: a string or a number.
pub fn condition_value() -> Schema {
    schema(json!({"oneOf": [{"type": "string"}, {"type": "number"}], "example": "a@b.co"}))
}

/// A sort key's `type`.
pub fn direction() -> Schema {
    schema(json!({"type": "string", "enum": ["ASC", "DESC", "asc", "desc"]}))
}

/// `status_contact`.
pub fn status_contact() -> Schema {
    schema(json!({"type": ["string", "null"], "enum": ["NO_REST", "REST_ONLY", null]}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_builds() {
        for build in [
            list_code,
            client_code,
            optional_code,
            email,
            optional_email,
            optional_text,
            optional_required_text,
            page_number,
            page_size,
            requests_per_minute,
            custom_fields,
            field_name,
            operator,
            condition_value,
            direction,
            status_contact,
        ] {
            let built = serde_json::to_value(build()).unwrap();
            assert!(built.is_object(), "{built}");
        }
    }
}
