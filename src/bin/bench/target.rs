//! Where the `ratelimit` workers send their requests: the Dinamize simulator (through the
//! service's own Dinamize client: one `/auth`, then one `contact/add` per job), or the plain
//! arrival recorder. A `TargetSpec` crosses the process boundary as JSON; `Target` is the
//! prepared, cloneable sender.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use url::Url;

use dinamize_sync::dinamize::{AuthRequest, ContactAddRequest, DinamizeClient, DinamizeError};

/// Per-request timeout: a request that takes longer counts as an error.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Header carrying the time of the limiter's decision to the plain recorder.
pub const DECIDED_AT: &str = "x-decided-at-us";

/// Which receiver to send to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum TargetSpec {
    /// The simulator: log in as this account, add one contact per job to `list`.
    Simulator {
        base_url: String,
        user: String,
        password: String,
        client_code: String,
        list: String,
    },
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
pub enum Target {
    Simulator {
        client: DinamizeClient,
        token: String,
        list: String,
    },
    Plain {
        http: reqwest::Client,
        url: String,
    },
}

impl TargetSpec {
    /// Whether `prepare` sends a request (a login) that the receiver's limit counts, so the
    /// caller must hold a permit for it.
    pub fn prepare_sends_request(&self) -> bool {
        matches!(self, TargetSpec::Simulator { .. })
    }

    /// Builds the client and logs in where the receiver needs it.
    pub async fn prepare(&self) -> Result<Target, String> {
        match self {
            TargetSpec::Simulator {
                base_url,
                user,
                password,
                client_code,
                list,
            } => {
                let url = Url::parse(base_url).map_err(|e| e.to_string())?;
                let client = DinamizeClient::new(url, REQUEST_TIMEOUT, Default::default())
                    .map_err(|e| e.to_string())?;
                let login = AuthRequest {
                    user: user.clone(),
                    password: password.clone(),
                    client_code: client_code.clone(),
                };
                let token = client.auth(&login).await.map_err(|e| e.to_string())?;
                Ok(Target::Simulator {
                    client,
                    token: token.auth_token,
                    list: list.clone(),
                })
            }
            TargetSpec::Plain { url } => {
                dinamize_sync::dinamize::tls::install_crypto_provider();
                let http = reqwest::Client::builder()
                    .timeout(REQUEST_TIMEOUT)
                    .build()
                    .map_err(|e| e.to_string())?;
                let url = url.clone();
                Ok(Target::Plain { http, url })
            }
        }
    }
}

impl Target {
    /// Sends job `job`'s request; `decided_at_us` (wall clock, µs) lets the plain recorder
    /// measure the delay between the limiter's decision and the arrival.
    pub async fn send(&self, job: u64, decided_at_us: u64) -> Outcome {
        match self {
            Target::Simulator {
                client,
                token,
                list,
            } => {
                let request = ContactAddRequest {
                    email: format!("bench-{job}@example.com"),
                    name: Some(format!("Bench {job}")),
                    contact_list_code: list.clone(),
                    custom_fields: Default::default(),
                    external_code: Some(job.to_string()),
                    date_rest: None,
                };
                match client.send(token, &request).await {
                    Ok(_) => Outcome::Done,
                    Err(DinamizeError::RateLimited { retry_after, .. }) => {
                        Outcome::RateLimited(retry_after)
                    }
                    Err(_) => Outcome::Failed,
                }
            }
            Target::Plain { http, url } => {
                let request = http.post(url).header(DECIDED_AT, decided_at_us).body("{}");
                match request.send().await {
                    Ok(response) if response.status().is_success() => Outcome::Done,
                    _ => Outcome::Failed,
                }
            }
        }
    }
}
