//! `SyncWorker`: takes the next job from the dispatcher, runs it, hands the result to the
//! recorder (which commits it in a batch while the worker goes on), again.
//!
//! Crash recovery is built here, not assumed: actix's `Supervisor` restarts an actor only
//! when it stops, and a panic inside a future the actor runs stops nothing (the future is
//! dropped, the actor lives on doing nothing). So the job runs under `catch_unwind`; a panic
//! becomes a failed attempt recorded on the job (released for another attempt), and then the
//! worker stops itself, which makes its `Supervisor` restart it (`restarting` counts it).

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use actix::fut::{ActorFutureExt, wrap_future};
use actix::{Actor, ActorContext, AsyncContext, Context, Supervised};
use chrono::Utc;
use futures_util::FutureExt;
use tokio::sync::Semaphore;

use super::dispatcher::{Dispatcher, Next};
use super::handler::SharedHandler;
use super::in_flight::InFlight;
use super::job::{ClaimedJob, JobError, JobOutcome};
use super::recorder::{JobResult, Recorder};
use super::transition::{Transition, after_run};
use crate::db::DbPool;
use crate::dinamize::retry::{RetryPolicy, random_jitter};

/// Between two tries to record a result while PostgreSQL is unreachable.
const RECORD_RETRY: Duration = Duration::from_millis(250);

/// What every worker of an instance shares.
pub struct WorkerParts {
    pub dispatcher: Dispatcher,
    pub handler: SharedHandler,
    pub db: DbPool,
    pub retry: RetryPolicy,
    /// A result not recorded within this long is given up: the lease has ended by then and
    /// the job belongs to whoever claims it next.
    pub lease: Duration,
    pub in_flight: InFlight,
    /// Writes results in batches (group commit).
    pub recorder: Recorder,
    /// Results handed to the recorder and not yet committed, a few per worker: a worker
    /// takes its next jobs while its last results commit, and waits when it gets that many
    /// jobs ahead of its commits.
    pub recording: Arc<Semaphore>,
    /// Worker restarts after a panic, for `/ready`.
    pub restarts: Arc<AtomicU64>,
}

/// One worker.
pub struct SyncWorker {
    index: usize,
    parts: Arc<WorkerParts>,
}

impl SyncWorker {
    /// Worker number `index`.
    pub fn new(index: usize, parts: Arc<WorkerParts>) -> Self {
        Self { index, parts }
    }
}

/// Why the work loop ended.
#[derive(Debug, PartialEq, Eq)]
enum LoopEnd {
    /// The instance is shutting down.
    Stopped,
    /// A job panicked: restart the worker.
    Panicked,
}

impl Actor for SyncWorker {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        let work = work(self.parts.clone(), self.index);
        ctx.spawn(wrap_future::<_, Self>(work).map(|end, _, ctx| {
            if end == LoopEnd::Panicked {
                ctx.stop();
            }
        }));
    }
}

impl Supervised for SyncWorker {
    fn restarting(&mut self, _: &mut Self::Context) {
        let count = self.parts.restarts.fetch_add(1, Ordering::Relaxed) + 1;
        crate::metrics::record::worker_restarted();
        log::warn!(
            "SyncWorker {} restarting after a panic ({count} restarts so far)",
            self.index
        );
    }
}

async fn work(parts: Arc<WorkerParts>, index: usize) -> LoopEnd {
    loop {
        let (job, permit_until) = match parts.dispatcher.next().await {
            Next::Job { job, permit_until } => (job, permit_until),
            Next::Stopped => return LoopEnd::Stopped,
        };
        if run_one(&parts, job, permit_until).await {
            log::error!("SyncWorker {index}: a job panicked; the worker restarts");
            return LoopEnd::Panicked;
        }
    }
}

/// Runs one job and hands its result to the recorder; whether it panicked. The job stays in
/// flight (a shutdown waits for it) until its result is committed or given up.
async fn run_one(parts: &Arc<WorkerParts>, job: ClaimedJob, permit_until: Instant) -> bool {
    parts.in_flight.insert(job.id, job.fence);
    let started = Instant::now();
    let (outcome, panicked) = match run_guarded(parts, job.clone(), permit_until).await {
        Ok(outcome) => (outcome, false),
        Err(panic) => (
            JobOutcome::Failed(JobError::Panicked(panic_message(panic.as_ref()))),
            true,
        ),
    };
    let transition = after_run(outcome, job.attempts, &parts.retry, random_jitter());
    crate::metrics::record::job_finished(&transition, started.elapsed());
    let duration_ms = started.elapsed().as_millis().min(i32::MAX as u128) as i32;
    let slot = parts.recording.clone().acquire_owned().await;
    let parts = parts.clone();
    actix::spawn(async move {
        let id = job.id;
        record(&parts, job, transition, duration_ms).await;
        parts.in_flight.remove(id);
        drop(slot);
    });
    panicked
}

/// The handler's run, with a panic (while building the future or polling it) caught.
async fn run_guarded(
    parts: &WorkerParts,
    job: ClaimedJob,
    permit_until: Instant,
) -> Result<JobOutcome, Box<dyn Any + Send>> {
    let future =
        std::panic::catch_unwind(AssertUnwindSafe(|| parts.handler.run(job, permit_until)))?;
    AssertUnwindSafe(future).catch_unwind().await
}

/// Records the run, retrying while PostgreSQL is unreachable, for as long as the lease.
async fn record(parts: &WorkerParts, job: ClaimedJob, transition: Transition, duration_ms: i32) {
    let give_up = Instant::now() + parts.lease;
    let (id, company_id) = (job.id, job.company_id);
    let due_again = transition.runs_again_after();
    let mut result = JobResult {
        job,
        transition,
        duration_ms,
        max_attempts: parts.retry.max_attempts as i32,
        log_release: true,
        now: Utc::now(),
    };
    loop {
        result.now = Utc::now();
        match parts.recorder.write(result.clone()).await {
            Ok(Some(status)) => {
                if status == "queued" {
                    match due_again {
                        Some(after) => parts.dispatcher.wake_at(company_id, Instant::now() + after),
                        // A change arrived during the run: its follow-up is due now.
                        None => parts.dispatcher.wake(Some(company_id)),
                    }
                }
                return;
            }
            Ok(None) => {
                log::warn!("sync: the result of job {id} was dropped: another worker holds it now");
                return;
            }
            Err(error) if Instant::now() < give_up => {
                log::warn!("sync: cannot record job {id} yet: {error}");
                tokio::time::sleep(RECORD_RETRY).await;
            }
            Err(error) => {
                log::error!("sync: gave up recording job {id}: {error}; its lease will return it");
                return;
            }
        }
    }
}

fn panic_message(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}
