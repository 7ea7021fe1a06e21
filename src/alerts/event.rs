//! What an alert says, as logged and as POSTed to the webhook.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Whether an incident starts or ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AlertStatus {
    Firing,
    Resolved,
}

/// One alert event: the JSON body of the webhook's POST.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertEvent {
    /// `failure_rate`, `rate_limited`, `oldest_waiting_job`, `account_misconfigured`,
    /// `limiter_failing_open`.
    pub alert: &'static str,
    pub status: AlertStatus,
    /// The company, for the alerts about one company.
    pub company_id: Option<i64>,
    /// One line for people.
    pub summary: String,
    /// The value measured when the event was raised (when it fired, for a resolved event
    /// the value that ended it).
    pub value: f64,
    /// The threshold it is compared with.
    pub threshold: f64,
    /// When the incident started.
    pub started_at: DateTime<Utc>,
    /// When this event was raised.
    pub at: DateTime<Utc>,
    /// `dinamize-sync`.
    pub source: &'static str,
}
