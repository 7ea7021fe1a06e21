//! Calls whose answer is kept as it came (HTTP status and JSON), not decoded: for `calibrate`,
//! which records every raw answer to learn the codes Dinamize has not published.

use serde_json::Value;

use super::call::DinamizeCall;
use super::client::DinamizeClient;
use super::error::DinamizeError;

/// One answer as received.
#[derive(Debug, Clone, PartialEq)]
pub struct RawAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The body as JSON, or `{"unparsed": "<text>"}` when it is not JSON.
    pub body: Value,
}

impl RawAnswer {
    /// The envelope's `code` (string or number), if the body has one.
    pub fn code(&self) -> Option<String> {
        match self.body.get("code")? {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

impl DinamizeClient {
    /// Posts `body` to `path` (with `token` when given) and keeps the answer as it came.
    pub async fn raw_json(
        &self,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> Result<RawAnswer, DinamizeError> {
        let json = serde_json::to_vec(body).map_err(|e| DinamizeError::Encode {
            message: e.to_string(),
        })?;
        read(self.json_request(path, token, json)?).await
    }

    /// Makes `call` (with `token` when given) and keeps the answer as it came.
    pub async fn raw<C: DinamizeCall>(
        &self,
        token: Option<&str>,
        call: &C,
    ) -> Result<RawAnswer, DinamizeError> {
        read(self.request(token, call)?).await
    }
}

async fn read(builder: reqwest::RequestBuilder) -> Result<RawAnswer, DinamizeError> {
    let response = builder
        .send()
        .await
        .map_err(|e| DinamizeError::transport(&e))?;
    let status = response.status().as_u16();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| DinamizeError::transport(&e))?;
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| serde_json::json!({ "unparsed": String::from_utf8_lossy(&bytes) }));
    Ok(RawAnswer { status, body })
}
