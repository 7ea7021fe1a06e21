//! Runs and queue statistics as the API shows them.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::sync::queue::CompanyQueue;
use crate::sync::runs::{InvalidLead, Run};

/// A resync run and its progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct RunView {
    pub id: i64,
    /// `incremental`, `full` or `backfill`.
    pub mode: String,
    pub dry_run: bool,
    /// `running` or `finished` (a dry run is written finished).
    pub status: String,
    /// `api:<user>`, `cli` or `schedule`.
    pub started_by: String,
    /// Leads selected (for a real run: jobs enqueued).
    pub total: i32,
    /// Jobs completed (a real run).
    pub done: i32,
    /// Jobs failed for good (a real run).
    pub failed: i32,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// A dry run's counts (`null` for a real run).
    pub would: Option<DryRunCounts>,
    /// A run through the bulk import (`null` for a run of queued jobs): where it stands.
    pub import: Option<ImportProgress>,
}

/// Where a run through the bulk import stands. Its `done` counts leads whose contact code is
/// stored (or whose contact already held their state), `failed` the rows Dinamize refused.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportProgress {
    /// `export`, `import`, `read_back` or `finished`.
    pub phase: String,
    /// The phase in words: `export`, `import 2 of 3`, `read-back`, `finished`.
    pub step: String,
    /// Imports (chunks of `SYNC_IMPORT_CHUNK_ROWS` leads) finished.
    pub imports_done: i32,
    /// Imports expected.
    pub imports_total: i32,
    /// Why the run failed (its leads not synced went back to the queue).
    pub error: Option<String>,
}

/// What a real run would have done. A `create` may turn into an update when Dinamize already
/// holds a contact with the lead's e-mail (the job searches before it adds).
#[derive(Debug, Serialize, ToSchema)]
pub struct DryRunCounts {
    pub create: i32,
    pub update: i32,
    pub delete: i32,
    /// The contact already holds the lead's state: no call.
    pub unchanged: i32,
    /// Would fail without retrying (no account or list, an e-mail that is not an address).
    pub invalid: i32,
    /// The invalid leads (the first 1 000), each with its reason.
    pub invalid_leads: Vec<InvalidLead>,
}

impl From<Run> for RunView {
    fn from(run: Run) -> Self {
        let import = run.phase_label().map(|step| ImportProgress {
            phase: run.phase.clone().unwrap_or_default(),
            step,
            imports_done: run.imports_done,
            imports_total: run.imports_total,
            error: run.error.clone(),
        });
        let would = run.dry_run.then(|| DryRunCounts {
            create: run.would_create.unwrap_or(0),
            update: run.would_update.unwrap_or(0),
            delete: run.would_delete.unwrap_or(0),
            unchanged: run.unchanged.unwrap_or(0),
            invalid: run.invalid.unwrap_or(0),
            invalid_leads: serde_json::from_value(run.invalid_leads).unwrap_or_default(),
        });
        Self {
            id: run.id,
            mode: run.mode,
            dry_run: run.dry_run,
            status: run.status,
            started_by: run.started_by,
            total: run.total,
            done: run.done,
            failed: run.failed,
            started_at: run.started_at,
            finished_at: run.finished_at,
            would,
            import,
        }
    }
}

/// The company's queue now.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatsView {
    /// Queued and due.
    pub waiting: i64,
    /// Queued, due later (a retry's backoff, a rate-limited job's wait).
    pub delayed: i64,
    pub running: i64,
    /// Kept until `SYNC_REMOVE_COMPLETED_AFTER`.
    pub completed: i64,
    /// Kept until `SYNC_REMOVE_FAILED_AFTER`.
    pub failed: i64,
    /// Seconds since the oldest due job was enqueued (`null`: none waits).
    pub oldest_waiting_secs: Option<f64>,
    /// Jobs completed in the last 60 seconds.
    pub completed_last_minute: i64,
    /// The company's rate-limit window (`null` when Redis cannot be read: see
    /// `limiter_unavailable`).
    pub limiter: Option<LimiterUse>,
    /// Why `limiter` is `null`.
    pub limiter_unavailable: Option<String>,
}

/// The limiter's use of the company's sliding window, across every instance.
#[derive(Debug, Serialize, ToSchema)]
pub struct LimiterUse {
    /// Permits granted within the window.
    pub used: u64,
    /// The company's limit per window.
    pub limit: u32,
    /// What sync jobs may use of it (the rest is kept for the frontend's calls).
    pub background_cap: u32,
    pub window_ms: u64,
}

impl StatsView {
    /// The counts at `now` with the limiter's part.
    pub fn new(
        counts: CompanyQueue,
        now: DateTime<Utc>,
        limiter: Result<LimiterUse, String>,
    ) -> Self {
        let oldest = counts
            .oldest_waiting_since
            .map(|since| (now - since).num_milliseconds().max(0) as f64 / 1000.0);
        let (limiter, limiter_unavailable) = match limiter {
            Ok(usage) => (Some(usage), None),
            Err(reason) => (None, Some(reason)),
        };
        Self {
            waiting: counts.waiting,
            delayed: counts.delayed,
            running: counts.running,
            completed: counts.completed,
            failed: counts.failed,
            oldest_waiting_secs: oldest,
            completed_last_minute: counts.completed_last_minute,
            limiter,
            limiter_unavailable,
        }
    }
}

/// `{"requeued", "skipped"}` of a retry of every failed job.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetriedView {
    /// Failed jobs put back with fresh attempts.
    pub requeued: i64,
    /// Failed jobs left failed: their lead already has a waiting or running job, or a newer
    /// failed job of the lead was put back (a job always sends the lead's latest state).
    pub skipped: i64,
}
