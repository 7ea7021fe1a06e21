//! What a worker runs for a job. The service runs [`LeadSyncHandler`]; the benchmark runs its
//! own no-op handler, and tests wrap the real one, to measure or break the queue around it.

use std::sync::Arc;
use std::time::Instant;

use futures_util::future::LocalBoxFuture;

use super::job::{ClaimedJob, JobOutcome};

/// Runs one claimed job to an outcome. Called on the worker's arbiter; the future need not
/// be `Send`.
pub trait JobHandler: Send + Sync + 'static {
    /// Runs `job`. The first Dinamize request of the run may use the permit the dispatcher
    /// took for it, if sent before `permit_until`.
    fn run(&self, job: ClaimedJob, permit_until: Instant) -> LocalBoxFuture<'static, JobOutcome>;
}

/// A handler shared by every worker of an instance.
pub type SharedHandler = Arc<dyn JobHandler>;
