//! `Probe`: sends calibrate's requests one at a time, each through the service's limiter
//! window (`limiter::memory::MemoryWindow`, paced by the account's limit) and within the
//! request budget, and records each raw answer with its secrets redacted.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::report::StepRecord;
use crate::dinamize::{DinamizeCall, DinamizeClient, DinamizeError, ImportRequest, RawAnswer};
use crate::limiter::memory::MemoryWindow;
use crate::limiter::{DEFAULT_GUARD, Decision, Lane, WindowParams};

/// The company id calibrate's window is kept under (it has no database).
const CALIBRATE_COMPANY: i64 = 0;
/// What replaces a secret in the report.
pub const REDACTED: &str = "[redacted]";

/// Sends and records.
pub struct Probe {
    client: DinamizeClient,
    window: MemoryWindow,
    params: WindowParams,
    budget: u32,
    /// Every request made, in order.
    pub steps: Vec<StepRecord>,
}

/// Why a step did not produce an answer.
#[derive(Debug)]
pub enum Skip {
    /// The request budget is spent.
    Budget,
    /// The request failed before an answer (connect, timeout).
    Failed(DinamizeError),
}

impl Probe {
    /// A probe that sends at most `budget` requests, `per_minute` in any minute.
    pub fn new(client: DinamizeClient, budget: u32, per_minute: u32) -> Self {
        let params = WindowParams {
            limit: per_minute.max(1),
            window: Duration::from_secs(60),
            guard: DEFAULT_GUARD,
            background_reserve: 0,
        };
        Self {
            client,
            window: MemoryWindow::new(),
            params,
            budget,
            steps: Vec::new(),
        }
    }

    /// Requests sent so far.
    pub fn used(&self) -> u32 {
        self.steps.len() as u32
    }

    /// A JSON call; `body` is recorded with its secrets redacted.
    pub async fn json(
        &mut self,
        name: &str,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> Result<RawAnswer, Skip> {
        self.admit().await?;
        let result = self.client.raw_json(path, token, &body).await;
        self.record(name, path, redact(body), result)
    }

    /// A bulk import; the CSV is recorded as text.
    pub async fn import(
        &mut self,
        name: &str,
        token: &str,
        request: &ImportRequest,
    ) -> Result<RawAnswer, Skip> {
        self.admit().await?;
        let result = self.client.raw(Some(token), request).await;
        let shown = serde_json::json!({
            "file": String::from_utf8_lossy(&request.csv),
            "parameters": request.parameters,
        });
        self.record(name, ImportRequest::PATH, shown, result)
    }

    /// Waits for a slot of the window, within the budget.
    async fn admit(&mut self) -> Result<(), Skip> {
        if self.used() >= self.budget {
            return Err(Skip::Budget);
        }
        loop {
            let now = Instant::now();
            match self
                .window
                .decide(CALIBRATE_COMPANY, Lane::Interactive, &self.params, now)
            {
                Decision::Permit => return Ok(()),
                Decision::RetryIn(wait) => tokio::time::sleep(wait).await,
            }
        }
    }

    fn record(
        &mut self,
        name: &str,
        path: &str,
        request: Value,
        result: Result<RawAnswer, DinamizeError>,
    ) -> Result<RawAnswer, Skip> {
        let (status, answer, error) = match &result {
            Ok(raw) => (Some(raw.status), redact(raw.body.clone()), None),
            Err(e) => (None, Value::Null, Some(e.to_string())),
        };
        if let Some(DinamizeError::RateLimited { retry_after, .. }) = result.as_ref().err() {
            self.window
                .block(CALIBRATE_COMPANY, Instant::now() + *retry_after);
        }
        self.steps.push(StepRecord {
            name: name.to_owned(),
            path: path.to_owned(),
            request,
            http_status: status,
            answer,
            error,
        });
        result.map_err(Skip::Failed)
    }
}

/// Replaces the values of secret keys (`password`, `auth-token`, anything named like a token)
/// anywhere in `value`.
pub fn redact(mut value: Value) -> Value {
    redact_in(&mut value);
    value
}

fn redact_in(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                let key = key.to_ascii_lowercase();
                if key.contains("password") || key.contains("token") {
                    *item = Value::String(REDACTED.into());
                } else {
                    redact_in(item);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_in),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn passwords_and_tokens_are_redacted_at_any_depth() {
        let v = redact(json!({"user": "u", "password": "p",
            "body": {"auth-token": "t", "items": [{"token": "x", "name": "n"}]}}));
        assert_eq!(v["password"], REDACTED);
        assert_eq!(v["body"]["auth-token"], REDACTED);
        assert_eq!(v["body"]["items"][0]["token"], REDACTED);
        assert_eq!(v["body"]["items"][0]["name"], "n");
        assert_eq!(v["user"], "u");
    }
}
