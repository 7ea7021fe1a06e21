//! Where the `ratelimit` workers send their requests: the plain arrival recorder, or (once it
//! is available) the Dinamize simulator. A `TargetSpec` crosses the process boundary as JSON;
//! `Target` is the prepared, cloneable sender.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Per-request timeout: a request that takes longer counts as an error.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Header carrying the time of the limiter's decision to the recorder.
pub const DECIDED_AT: &str = "x-decided-at-us";

/// Which receiver to send to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum TargetSpec {
    /// The bench's own recorder: one POST per job to `url`.
    Plain { url: String },
}

/// What one request came back with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted.
    Done,
    /// The receiver refused it for its own rate limit (Dinamize 240024), for this long.
    RateLimited(Duration),
    /// Anything else (transport error, unexpected answer).
    Failed,
}

/// A prepared sender.
#[derive(Debug, Clone)]
pub struct Target {
    http: reqwest::Client,
    url: String,
}

impl TargetSpec {
    /// Builds the HTTP client (and whatever the receiver needs before the first request).
    pub async fn prepare(&self) -> Result<Target, String> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| e.to_string())?;
        match self {
            TargetSpec::Plain { url } => Ok(Target {
                http,
                url: url.clone(),
            }),
        }
    }
}

impl Target {
    /// Sends one job's request; `decided_at_us` (wall clock, µs) lets the recorder measure the
    /// delay between the limiter's decision and the arrival.
    pub async fn send(&self, decided_at_us: u64) -> Outcome {
        let request = self
            .http
            .post(&self.url)
            .header(DECIDED_AT, decided_at_us)
            .body("{}");
        match request.send().await {
            Ok(response) if response.status().is_success() => Outcome::Done,
            _ => Outcome::Failed,
        }
    }
}
