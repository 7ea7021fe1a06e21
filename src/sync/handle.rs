//! `SyncHandle`: starting an instance's sync (dispatcher, supervisor, workers, wake-up
//! listener) and what the rest of the service asks of it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Results a worker may have waiting for their commit while it runs its next jobs. A commit
/// waits for its WAL flush (0.15 ms on an idle disk of this machine, 10 ms under load); with
/// one result ahead, five workers made at most five jobs per flush. The jobs stay in flight
/// (a shutdown waits for them) until committed, and a crash re-runs at most these.
const RESULTS_AHEAD: usize = 4;

use actix::{Actor, Addr};
use tokio::sync::Semaphore;

use super::dispatcher::Dispatcher;
use super::handler::SharedHandler;
use super::housekeeping::Housekeeping;
use super::in_flight::InFlight;
use super::recorder::Recorder;
use super::supervisor::{Shutdown, ShutdownReport, SyncSupervisor};
use super::wake;
use super::worker::WorkerParts;
use crate::actors::rate_limiter::RateLimiterActor;
use crate::config::SyncConfig;
use crate::db::DbPool;
use crate::redis::RedisHandle;

/// The running sync of one instance.
#[derive(Clone)]
pub struct SyncHandle {
    supervisor: Addr<SyncSupervisor>,
    parts: Arc<WorkerParts>,
    redis: RedisHandle,
    workers: usize,
}

impl SyncHandle {
    /// Starts `config.concurrency` workers running `handler`, in the current actix System,
    /// with permits from `limiter`, whose guard is `guard`.
    pub fn start(
        config: &SyncConfig,
        db: DbPool,
        redis: RedisHandle,
        limiter: Addr<RateLimiterActor>,
        guard: Duration,
        handler: SharedHandler,
    ) -> Self {
        let dispatcher = Dispatcher::new(
            db.clone(),
            limiter,
            guard,
            config.lease,
            config.poll_interval,
        );
        let parts = Arc::new(WorkerParts {
            dispatcher: dispatcher.clone(),
            handler,
            recorder: Recorder::start(db.clone()),
            recording: Arc::new(Semaphore::new(config.concurrency * RESULTS_AHEAD)),
            db,
            retry: config.retry.clone(),
            lease: config.lease,
            in_flight: InFlight::default(),
            restarts: Arc::new(AtomicU64::new(0)),
        });
        actix::spawn(wake::listen(redis.clone(), dispatcher));
        let chores = Housekeeping::new(config);
        let supervisor =
            SyncSupervisor::new(parts.clone(), config.concurrency, config.tick, chores).start();
        Self {
            supervisor,
            parts,
            redis,
            workers: config.concurrency,
        }
    }

    /// `company` has new work: this instance's workers look now, and every other instance's
    /// through Redis (best effort: polling is the fallback).
    pub async fn notify(&self, company: i64) {
        self.parts.dispatcher.wake(Some(company));
        wake::publish(&self.redis, company).await;
    }

    /// Workers of this instance.
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// Jobs running now on this instance.
    pub fn running(&self) -> usize {
        self.parts.in_flight.len()
    }

    /// Worker restarts after panics since start.
    pub fn restarts(&self) -> u64 {
        self.parts.restarts.load(Ordering::Relaxed)
    }

    /// Permits taken for jobs another instance claimed first.
    pub fn wasted_permits(&self) -> u64 {
        self.parts.dispatcher.wasted_permits()
    }

    /// Stops taking jobs, lets running ones finish within `grace`, releases the rest.
    pub async fn shutdown(&self, grace: Duration) -> ShutdownReport {
        self.supervisor
            .send(Shutdown { grace })
            .await
            .unwrap_or(ShutdownReport { released: 0 })
    }
}
