//! What the admins see of the queue and how they recover it: counts, job listing, retries.

mod jobs;
mod retry;
mod stats;

pub use jobs::{JOB_STATUSES, JobFilter, JobRecord, get_job, list_jobs};
pub use retry::{RetryAll, RetryOne, retry_failed, retry_job};
pub use stats::{QueueCounts, account_limit, queue_counts};
