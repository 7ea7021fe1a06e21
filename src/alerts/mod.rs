//! Alerts: every `ALERT_CHECK_INTERVAL_MS` the checker reads what the thresholds watch (the
//! queue's failure rate and oldest waiting job, misconfigured accounts, the limiter's fail-open
//! flag, 240024 answers of the last minute), the pure [`book::AlertBook`] turns it into
//! firing and resolved events, once per incident each, and each event is logged and POSTed
//! to `ALERT_WEBHOOK_URL` when set.

pub mod book;
pub mod checker;
pub mod event;
pub mod observe;
pub mod rate;
pub mod webhook;

pub use book::{AlertBook, Thresholds};
pub use checker::spawn;
pub use event::{AlertEvent, AlertStatus};
pub use observe::Observation;
