//! `/api/dinamize/sync/*` (OWNER or ADMIN, the caller's company only): sync one lead now,
//! resync runs (real or dry), the queue's state, its jobs, and retries of failed jobs.

mod answers;
pub mod docs;
mod jobs;
mod lead;
mod retry;
mod runs;
mod start;
mod stats;
pub mod views;

pub use jobs::{__path_list_jobs, list_jobs};
pub use lead::{__path_sync_lead, sync_lead};
pub use retry::{__path_retry_failed, __path_retry_job, retry_failed, retry_job};
pub use runs::{__path_get_run, __path_list_runs, get_run, list_runs};
pub use start::{__path_start_run, start_run};
pub use stats::{__path_queue_stats, queue_stats};
