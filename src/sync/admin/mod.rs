//! What the admins see of the queue and how they recover it: job listing, retries (the
//! counts are the queue's own, `sync::queue::counts`).

mod jobs;
mod retry;

pub use jobs::{JOB_STATUSES, JobFilter, JobRecord, get_job, list_jobs};
pub use retry::{RetryAll, RetryOne, retry_failed, retry_job};
