//! JSON Schemas of request fields, carrying the same constraints as the validators in
//! `contacts::fields` and `account::body`, so that the OpenAPI document promises exactly what
//! the service accepts (checked by `scripts/schemathesis.sh`). Used with
//! `#[schema(schema_with = …)]`.

use serde_json::{Value, json};
use utoipa::openapi::schema::Schema;

use super::contacts::fields::MAX_PAGE_SIZE;

/// A code as the validators read it: up to 20 digits, as a string or a whole number.
const CODE_PATTERN: &str = "^[0-9]{1,20}$";

/// An e-mail as `fields::email` accepts it: no spaces, one `@`, a dotted domain.
const EMAIL_PATTERN: &str = r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$";

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
        json!({"type": "string", "pattern": EMAIL_PATTERN, "maxLength": 254,
        "example": "novo@exemplo.com"}),
    )
}

/// An optional e-mail address (`null` or omitted keeps the current one).
pub fn optional_email() -> Schema {
    schema(json!({"type": ["string", "null"], "pattern": EMAIL_PATTERN, "maxLength": 254}))
}

/// An optional text of at most 255 characters.
pub fn optional_text() -> Schema {
    schema(json!({"type": ["string", "null"], "maxLength": 255}))
}

/// A text that, when given, has 1 to 255 characters, not only spaces.
pub fn optional_required_text() -> Schema {
    schema(json!({"type": ["string", "null"], "minLength": 1, "maxLength": 255, "pattern": r"\S"}))
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

/// A search condition's `field`: a field name, not blank.
pub fn field_name() -> Schema {
    schema(json!({"type": "string", "pattern": r"\S", "example": "email"}))
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
