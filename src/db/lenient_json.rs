//! A `jsonb` column read into a `serde_json::Value` even when it holds a number beyond an
//! `f64`. PostgreSQL keeps a `jsonb` number exactly (`1e400` is stored and written back as its
//! 401 digits); `serde_json` cannot read one beyond ±1.8e308 and refuses the whole value. A
//! lead the CRM wrote with plain SQL could carry one, and then every read of that lead failed:
//! its `GET` and its sync job alike. Such a number is read as a string of its exact digits
//! instead; every other value is read as it is.
//!
//! Use as `#[diesel(deserialize_as = LenientJson)]` on a `Value` field of a `jsonb` column,
//! `LenientNullableJson` on an `Option<Value>` one.

use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::pg::{Pg, PgValue};
use diesel::sql_types::{Jsonb, Nullable};
use serde_json::Value;

/// A `jsonb` value, out-of-range numbers read as strings.
#[derive(Debug, Clone, PartialEq, FromSqlRow)]
pub struct LenientJson(pub Value);

impl From<LenientJson> for Value {
    fn from(json: LenientJson) -> Self {
        json.0
    }
}

impl FromSql<Jsonb, Pg> for LenientJson {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        // The binary `jsonb` format: a version byte (1), then the JSON text.
        match value.as_bytes().split_first() {
            Some((1, text)) => Ok(Self(parse(text)?)),
            _ => Err("unsupported jsonb format version".into()),
        }
    }
}

/// A nullable `jsonb` value, out-of-range numbers read as strings.
#[derive(Debug, Clone, PartialEq, FromSqlRow)]
pub struct LenientNullableJson(pub Option<Value>);

impl From<LenientNullableJson> for Option<Value> {
    fn from(json: LenientNullableJson) -> Self {
        json.0
    }
}

impl FromSql<Nullable<Jsonb>, Pg> for LenientNullableJson {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        let LenientJson(json) = FromSql::<Jsonb, Pg>::from_sql(value)?;
        Ok(Self(Some(json)))
    }

    fn from_nullable_sql(value: Option<PgValue<'_>>) -> deserialize::Result<Self> {
        match value {
            Some(value) => FromSql::<Nullable<Jsonb>, Pg>::from_sql(value),
            None => Ok(Self(None)),
        }
    }
}

/// `text` as JSON; a number too large for an `f64` becomes the string of its digits.
fn parse(text: &[u8]) -> serde_json::Result<Value> {
    serde_json::from_slice(text).or_else(|error| {
        let quoted = quote_huge_numbers(text);
        if quoted == text {
            return Err(error);
        }
        serde_json::from_slice(&quoted)
    })
}

/// `text` with every number outside strings whose `f64` value is infinite put in quotes.
fn quote_huge_numbers(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 8);
    let (mut in_string, mut escaped) = (false, false);
    let mut i = 0;
    while i < text.len() {
        let byte = text[i];
        if in_string {
            out.push(byte);
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            i += 1;
        } else if byte == b'"' {
            in_string = true;
            out.push(byte);
            i += 1;
        } else if byte == b'-' || byte.is_ascii_digit() {
            let end = text[i..]
                .iter()
                .position(|b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                .map_or(text.len(), |n| i + n);
            let number = &text[i..end];
            let huge = std::str::from_utf8(number)
                .ok()
                .and_then(|n| n.parse::<f64>().ok())
                .is_some_and(f64::is_infinite);
            if huge {
                out.push(b'"');
                out.extend_from_slice(number);
                out.push(b'"');
            } else {
                out.extend_from_slice(number);
            }
            i = end;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_beyond_f64_become_their_digits_and_the_rest_is_unchanged() {
        let huge = format!("1{}", "0".repeat(400));
        let text = format!(
            r#"{{"big": {huge}, "neg": [-{huge}, 1e300], "s": "1{huge} \" {huge}", "n": 7}}"#
        );
        let read = parse(text.as_bytes()).unwrap();
        assert_eq!(
            read,
            json!({"big": huge, "neg": [format!("-{huge}"), 1e300],
                   "s": format!("1{huge} \" {huge}"), "n": 7})
        );
    }

    #[test]
    fn ordinary_json_is_read_as_serde_reads_it_and_bad_json_is_still_an_error() {
        let text = br#"{"a": [1, -2.5, 2.5e-309, 1e308, "x\\"], "b": null}"#;
        assert_eq!(
            parse(text).unwrap(),
            serde_json::from_slice::<Value>(text).unwrap()
        );
        assert!(parse(b"{\"a\": }").is_err());
        assert!(parse(b"[1e999").is_err());
    }
}
