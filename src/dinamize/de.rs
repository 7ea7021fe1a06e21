//! Tolerant (de)serialisers for the Dinamize wire format.
//!
//! Dinamize sends ids and counters sometimes as JSON strings and sometimes as numbers, booleans
//! as booleans, numbers or strings, and PHP-style empty arrays where an object is expected. The
//! client accepts all of these; it always *sends* ids and paging values as strings.

use serde::de::{self, Deserializer, Unexpected};
use serde::{Deserialize, Serializer};
use serde_json::Value;

/// Serialises a number as a JSON string (`"page_number": "1"`).
pub fn as_string<S: Serializer, T: std::fmt::Display>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

/// Turns a scalar into its text; `None` for null, objects and arrays.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A string that may arrive as a string, a number or a boolean.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let value = Value::deserialize(d)?;
    scalar_text(&value)
        .ok_or_else(|| de::Error::invalid_type(unexpected(&value), &"a string or a number"))
}

/// An optional string that may arrive as a string or a number; null and `""` become `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = Option::<Value>::deserialize(d)?;
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match scalar_text(&v) {
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => Ok(Some(s)),
            None => Err(de::Error::invalid_type(
                unexpected(&v),
                &"a string or a number",
            )),
        },
    }
}

/// An optional unsigned integer (number or numeric string; null and `""` become `None`).
pub fn opt_u64_any<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(v) => parse_u64(&v)
            .map(Some)
            .ok_or_else(|| de::Error::invalid_type(unexpected(&v), &"an unsigned integer")),
    }
}

fn parse_u64(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Reads a boolean from `true`/`false`, `1`/`0`, `"1"`/`"0"`, `"true"`/`"false"`, `"S"`/`"N"`
/// or `"Y"`/`"N"`.
pub fn parse_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "s" | "y" | "yes" | "sim" => Some(true),
            "0" | "false" | "n" | "no" | "nao" | "não" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A boolean in any of the shapes [`parse_bool`] accepts; null counts as `false`.
pub fn bool_any<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(opt_bool_any(d)?.unwrap_or(false))
}

/// An optional boolean in any of the shapes [`parse_bool`] accepts.
pub fn opt_bool_any<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(v) => parse_bool(&v)
            .map(Some)
            .ok_or_else(|| de::Error::invalid_type(unexpected(&v), &"a boolean")),
    }
}

/// A list that may arrive as null or be missing (empty list then).
pub fn vec_or_null<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(_) => Unexpected::Other("number"),
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// A JSON object that may arrive as null, be missing, or be a PHP-style empty array `[]`.
pub fn map_or_empty<'de, D, T>(d: D) -> Result<std::collections::BTreeMap<String, T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum MapShape<T> {
        Map(std::collections::BTreeMap<String, T>),
        Empty([(); 0]),
        Null(()),
    }
    match Option::<MapShape<T>>::deserialize(d)? {
        Some(MapShape::Map(map)) => Ok(map),
        _ => Ok(Default::default()),
    }
}
