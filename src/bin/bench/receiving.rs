//! The receiving end of scenario `ratelimit`: the Dinamize simulator (default; its own limit set
//! to the same 60 per window, so an excess would also show as 240024 refusals) or the plain
//! recorder (which also measures the decision-to-arrival delay). Either way the scenario reads
//! back when every request arrived.

use std::time::Duration;

use super::receiver::Receiver;
use super::target::TargetSpec;
use dinamize_sync::dinamize::codes::RATE_LIMITED;
use dinamize_sync::sim::{SimConfig, SimHandle};

/// Which receiver the scenario uses (`--receiver`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReceiverKind {
    /// The Dinamize simulator, in process.
    Sim,
    /// The bench's minimal recorder.
    Plain,
}

/// What the receiver saw.
#[derive(Debug, Default)]
pub struct Observed {
    /// Arrival times of every request (logins included), from the earliest.
    pub offsets: Vec<Duration>,
    /// Requests the receiver refused with 240024.
    pub refused: usize,
    /// Decision-to-arrival delays in µs (plain recorder only).
    pub lags_us: Vec<u64>,
    /// Contacts the simulator holds afterwards.
    pub contacts: Option<usize>,
}

/// A running receiver.
pub enum Receiving {
    Sim(SimHandle),
    Plain(Receiver),
}

impl Receiving {
    /// Starts `kind` with `limit` requests per `window` (the simulator's own limit).
    pub async fn start(kind: ReceiverKind, limit: u32, window: Duration) -> Result<Self, String> {
        match kind {
            ReceiverKind::Sim => {
                let config = SimConfig {
                    rate_limit: limit,
                    window,
                    ..SimConfig::default()
                };
                let sim = dinamize_sync::sim::start(config, "127.0.0.1:0").await;
                Ok(Receiving::Sim(sim.map_err(|e| e.to_string())?))
            }
            ReceiverKind::Plain => Ok(Receiving::Plain(
                Receiver::start().map_err(|e| e.to_string())?,
            )),
        }
    }

    /// Where and how workers send.
    pub fn target(&self) -> TargetSpec {
        match self {
            Receiving::Sim(sim) => {
                let account = &sim.state().accounts()[0];
                TargetSpec::Simulator {
                    base_url: sim.base_url(),
                    user: account.user.clone(),
                    password: account.password.clone(),
                    client_code: account.client_code.clone(),
                    list: "1".into(),
                }
            }
            Receiving::Plain(r) => TargetSpec::Plain {
                url: format!("{}/request", r.base_url),
            },
        }
    }

    /// Everything that arrived.
    pub fn observed(&self) -> Observed {
        match self {
            Receiving::Sim(sim) => {
                let journal = sim.state().journal();
                let times: Vec<u64> = journal
                    .iter()
                    .map(|e| e.at_ms.max(0) as u64 * 1000)
                    .collect();
                Observed {
                    offsets: from_earliest(&times),
                    refused: journal
                        .iter()
                        .filter(|e| e.response_code.as_deref() == Some(RATE_LIMITED))
                        .count(),
                    lags_us: Vec::new(),
                    contacts: Some(sim.state().contact_count()),
                }
            }
            Receiving::Plain(r) => {
                let arrivals = r.snapshot();
                let times: Vec<u64> = arrivals.iter().map(|a| a.at_unix_us).collect();
                Observed {
                    offsets: from_earliest(&times),
                    refused: 0,
                    lags_us: arrivals.iter().filter_map(|a| a.lag_us).collect(),
                    contacts: None,
                }
            }
        }
    }

    /// Stops the receiver.
    pub async fn stop(self) {
        match self {
            Receiving::Sim(sim) => sim.stop().await,
            Receiving::Plain(r) => r.stop().await,
        }
    }
}

/// Offsets of `times_us` from the earliest of them.
fn from_earliest(times_us: &[u64]) -> Vec<Duration> {
    let first = times_us.iter().copied().min().unwrap_or(0);
    times_us
        .iter()
        .map(|t| Duration::from_micros(t - first))
        .collect()
}
