//! What a worker runs for a job. The service runs [`LeadSyncHandler`]; the benchmarks run a
//! no-op handler, and tests wrap the real one, to measure or break the queue around it.

use std::sync::Arc;
use std::time::Instant;

use futures_util::future::LocalBoxFuture;

use super::job::{ClaimedJob, JobOutcome, Synced};

/// Runs one claimed job to an outcome. Called on the worker's arbiter; the future need not
/// be `Send`.
pub trait JobHandler: Send + Sync + 'static {
    /// Runs `job`. The first Dinamize request of the run may use the permit the dispatcher
    /// took for it, if sent before `permit_until`.
    fn run(&self, job: ClaimedJob, permit_until: Instant) -> LocalBoxFuture<'static, JobOutcome>;
}

/// A handler shared by every worker of an instance.
pub type SharedHandler = Arc<dyn JobHandler>;

/// Does nothing and succeeds: the queue's own cost (benchmarks).
pub struct NoopHandler;

impl JobHandler for NoopHandler {
    fn run(&self, _job: ClaimedJob, _: Instant) -> LocalBoxFuture<'static, JobOutcome> {
        Box::pin(async { JobOutcome::Synced(Synced::default()) })
    }
}
