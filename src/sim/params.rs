//! Lenient reading of request bodies: ids and paging values as strings or numbers, booleans as
//! booleans or `"true"`/`"false"`; anything else is an invalid request naming the field.

use super::envelope::Fail;
use serde_json::{Map, Value};

/// The largest `page_size` Dinamize accepts.
pub const MAX_PAGE_SIZE: u64 = 10_000;
/// The `page_size` used when none is given.
pub const DEFAULT_PAGE_SIZE: u64 = 100;

/// The body as a JSON object.
pub fn object(body: &Value) -> Result<&Map<String, Value>, Fail> {
    body.as_object()
        .ok_or_else(|| Fail::invalid("the body must be a JSON object"))
}

/// A list field; absent or `null` reads as empty.
pub fn opt_list<'a>(value: Option<&'a Value>, key: &str) -> Result<&'a [Value], Fail> {
    match value {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(Fail::invalid(format!("{key} must be a list"))),
    }
}

/// A non-negative integer given as a number or a string of digits.
pub fn as_u64(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An optional integer field.
pub fn opt_u64(map: &Map<String, Value>, key: &str) -> Result<Option<u64>, Fail> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => as_u64(v)
            .map(Some)
            .ok_or_else(|| Fail::invalid(format!("{key} must be a whole number"))),
    }
}

/// A required integer field.
pub fn req_u64(map: &Map<String, Value>, key: &str) -> Result<u64, Fail> {
    opt_u64(map, key)?.ok_or_else(|| Fail::invalid(format!("{key} is required")))
}

/// An optional string field (numbers are accepted and written out).
pub fn opt_str(map: &Map<String, Value>, key: &str) -> Result<Option<String>, Fail> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(Fail::invalid(format!("{key} must be a string"))),
    }
}

/// An optional boolean field (`true`, `false`, `"true"`, `"false"`, `1`, `0`).
pub fn opt_bool(map: &Map<String, Value>, key: &str) -> Result<Option<bool>, Fail> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if matches!(s.trim(), "true" | "1") => Ok(Some(true)),
        Some(Value::String(s)) if matches!(s.trim(), "false" | "0") => Ok(Some(false)),
        Some(Value::Number(n)) if n.as_u64() == Some(1) => Ok(Some(true)),
        Some(Value::Number(n)) if n.as_u64() == Some(0) => Ok(Some(false)),
        Some(_) => Err(Fail::invalid(format!("{key} must be a boolean"))),
    }
}

/// One page: 1-based number and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub number: u64,
    pub size: u64,
}

impl Paging {
    /// Reads `page_number` (default 1) and `page_size` (default 100, at most 10 000).
    pub fn read(map: &Map<String, Value>) -> Result<Self, Fail> {
        let number = opt_u64(map, "page_number")?.unwrap_or(1);
        let size = opt_u64(map, "page_size")?.unwrap_or(DEFAULT_PAGE_SIZE);
        if number == 0 {
            return Err(Fail::invalid("page_number starts at 1"));
        }
        if size == 0 || size > MAX_PAGE_SIZE {
            return Err(Fail::invalid("page_size must be between 1 and 10000"));
        }
        Ok(Self { number, size })
    }

    /// The items of this page and whether another page follows.
    pub fn slice<T: Clone>(&self, all: &[T]) -> (Vec<T>, bool) {
        let start = ((self.number - 1).saturating_mul(self.size)).min(all.len() as u64) as usize;
        let end = (start as u64 + self.size).min(all.len() as u64) as usize;
        (all[start..end].to_vec(), end < all.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paging_accepts_strings_and_numbers_and_refuses_oversized_pages() {
        let map = json!({"page_number": "2", "page_size": 3});
        let paging = Paging::read(map.as_object().unwrap()).unwrap();
        assert_eq!(paging, Paging { number: 2, size: 3 });
        assert_eq!(paging.slice(&[1, 2, 3, 4, 5, 6, 7]), (vec![4, 5, 6], true));
        assert_eq!(paging.slice(&[1, 2, 3, 4, 5, 6]), (vec![4, 5, 6], false));
        let big = json!({"page_size": "10001"});
        assert!(Paging::read(big.as_object().unwrap()).is_err());
    }

    #[test]
    fn booleans_arrive_in_several_spellings() {
        let map = json!({"a": true, "b": "false", "c": 1, "d": "yes"});
        let map = map.as_object().unwrap();
        assert_eq!(opt_bool(map, "a").unwrap(), Some(true));
        assert_eq!(opt_bool(map, "b").unwrap(), Some(false));
        assert_eq!(opt_bool(map, "c").unwrap(), Some(true));
        assert!(opt_bool(map, "d").is_err());
    }
}
