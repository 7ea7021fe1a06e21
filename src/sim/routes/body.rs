//! Reading a request body: JSON (an empty body counts as `{}`), or for the import the
//! multipart parts as an object of strings. A body that cannot be read is kept for the journal
//! and answered as an invalid request once the token and the limit have been checked.

use crate::sim::envelope::Fail;
use actix_multipart::Multipart;
use actix_web::{HttpRequest, web};
use futures_util::StreamExt;
use serde_json::{Map, Value};

/// The most a body may hold (an import file included).
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// A body that could not be read.
#[derive(Debug)]
pub struct BadBody {
    /// What the journal records: the raw text, or a description.
    pub journal: Value,
    pub fail: Fail,
}

fn bad(journal: impl Into<String>, reason: impl Into<String>) -> BadBody {
    BadBody {
        journal: Value::String(journal.into()),
        fail: Fail::invalid(reason),
    }
}

/// Reads the body as JSON, or as multipart parts when `multipart`.
pub async fn read(
    req: &HttpRequest,
    payload: web::Payload,
    multipart: bool,
) -> Result<Value, BadBody> {
    if multipart {
        return read_multipart(req, payload).await;
    }
    let bytes = payload
        .to_bytes_limited(MAX_BODY_BYTES)
        .await
        .map_err(|_| bad("", "the body is too large"))?
        .map_err(|e| bad("", format!("the body could not be read: {e}")))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        bad(
            String::from_utf8_lossy(&bytes),
            format!("the body is not JSON: {e}"),
        )
    })
}

async fn read_multipart(req: &HttpRequest, payload: web::Payload) -> Result<Value, BadBody> {
    let mut parts = Multipart::new(req.headers(), payload);
    let mut map = Map::new();
    let mut size = 0usize;
    while let Some(field) = parts.next().await {
        let mut field = field.map_err(|e| bad("", format!("not a multipart body: {e}")))?;
        let name = field.name().unwrap_or("").to_string();
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| bad("", format!("a part could not be read: {e}")))?;
            size += chunk.len();
            if size > MAX_BODY_BYTES {
                return Err(bad("", "the body is too large"));
            }
            data.extend_from_slice(&chunk);
        }
        map.insert(
            name,
            Value::String(String::from_utf8_lossy(&data).into_owned()),
        );
    }
    Ok(Value::Object(map))
}
