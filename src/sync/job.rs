//! A job as a worker holds it, and what running it produced.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Int2, Int4, Int8, Text, Timestamptz};

use crate::dinamize::{DinamizeError, ErrorCategory};

/// A job claimed by this instance: its row, and the fence that proves the claim is still ours.
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct ClaimedJob {
    /// `crm_sync_queue.id`.
    #[diesel(sql_type = Int8)]
    pub id: i64,
    /// The company whose account the job uses.
    #[diesel(sql_type = Int8)]
    pub company_id: i64,
    /// The lead's `crm_lead_sync` row.
    #[diesel(sql_type = Int8)]
    pub lead_sync_id: i64,
    /// The lead (which may no longer exist: a hard delete).
    #[diesel(sql_type = Int8)]
    pub lead_id: i64,
    /// `create`, `update` or `delete`: a label; the job reloads the lead when it runs.
    #[diesel(sql_type = Text)]
    pub operation: String,
    /// Attempts already spent before this run.
    #[diesel(sql_type = Int4)]
    pub attempts: i32,
    /// Attempts allowed in total.
    #[diesel(sql_type = Int4)]
    pub max_attempts: i32,
    /// Raised by every claim: a result is recorded only with the fence it was claimed with.
    #[diesel(sql_type = Int8)]
    pub fence: i64,
    /// Above 0: asked for by hand, goes ahead of the company's routine backlog.
    #[diesel(sql_type = Int2)]
    pub priority: i16,
    /// When the job row was created (enqueue-to-completion latency).
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

/// One Dinamize answer worth a line in `crm_sync_logs`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallRecord {
    /// Dinamize's code (`480001` on success).
    pub response_code: Option<String>,
    /// What happened, in words (never a secret).
    pub detail: String,
    /// Dinamize's request id.
    pub request_unique: Option<String>,
}

/// A successful run: what the contact now is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Synced {
    /// The contact's code; `None` after a delete.
    pub contact_code: Option<String>,
    /// The list it is in; `None` after a delete.
    pub list_code: Option<String>,
    /// Fingerprint of what it carries; `None` after a delete.
    pub fingerprint: Option<String>,
    /// The call that made it so; `None` when nothing had to be sent.
    pub call: Option<CallRecord>,
}

/// Why a run did not succeed.
#[derive(Debug, Clone, PartialEq)]
pub enum JobError {
    /// Dinamize refused or could not be reached (after the client's own re-login).
    Dinamize(DinamizeError),
    /// The company cannot sync: no account, no list, credentials refused. Not retried.
    NotConfigured(String),
    /// A dependency of ours (PostgreSQL, an actor) failed: retried.
    Unavailable(String),
    /// The job's code panicked: retried, the worker restarted.
    Panicked(String),
}

impl JobError {
    /// The `crm_sync_logs.category` of the failure.
    pub fn category(&self) -> ErrorCategory {
        match self {
            JobError::Dinamize(error) => error.category(),
            JobError::NotConfigured(_) => ErrorCategory::Validation,
            JobError::Unavailable(_) => ErrorCategory::Network,
            JobError::Panicked(_) => ErrorCategory::ApiError,
        }
    }

    /// Dinamize's code and request id, when the failure is an answer of Dinamize.
    pub fn record(&self) -> CallRecord {
        let (code, unique) = match self {
            JobError::Dinamize(e) => (e.code().map(str::to_owned), e.request_unique()),
            _ => (None, None),
        };
        CallRecord {
            response_code: code,
            detail: self.to_string(),
            request_unique: unique.map(str::to_owned),
        }
    }
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JobError::Dinamize(error) => write!(f, "{error}"),
            JobError::NotConfigured(reason) => write!(f, "not configured: {reason}"),
            JobError::Unavailable(reason) => write!(f, "unavailable: {reason}"),
            JobError::Panicked(message) => write!(f, "the job panicked: {message}"),
        }
    }
}

/// What running a job produced.
#[derive(Debug, Clone, PartialEq)]
pub enum JobOutcome {
    /// The contact is as the lead says (or gone, for a delete).
    Synced(Synced),
    /// No permit (ours or Dinamize's 240024) for a further request: try again after the
    /// wait, without spending an attempt.
    RateLimited {
        /// How long the company's window (or block) lasts.
        retry_after: Duration,
    },
    /// It failed; the retry decision follows from the error.
    Failed(JobError),
}
