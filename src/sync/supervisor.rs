//! `SyncSupervisor`: starts the instance's `SyncWorker`s, each under an actix `Supervisor`
//! (restarted after it stops itself on a panic), runs the tick (expired leases back to the
//! queue), and shuts the workers down: no new jobs, running ones finish within the grace,
//! the rest go back to the queue without spending attempts.

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix::fut::wrap_future;
use actix::{Actor, Addr, AsyncContext, Context, Handler, Message, ResponseFuture, Supervisor};
use chrono::Utc;

use super::queue;
use super::worker::{SyncWorker, WorkerParts};

/// Sent once, on SIGTERM.
#[derive(Debug, Message)]
#[rtype(result = "ShutdownReport")]
pub struct Shutdown {
    /// How long running jobs may take to finish.
    pub grace: Duration,
}

/// How a shutdown went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShutdownReport {
    /// Jobs still running when the grace ended, put back in the queue.
    pub released: usize,
}

/// The supervisor.
pub struct SyncSupervisor {
    parts: Arc<WorkerParts>,
    concurrency: usize,
    tick: Duration,
    /// Held so that each worker's mailbox stays connected: actix's `Supervisor` restarts a
    /// stopped actor only while someone holds its address.
    workers: Vec<Addr<SyncWorker>>,
}

impl SyncSupervisor {
    /// A supervisor of `concurrency` workers sharing `parts`, ticking every `tick`.
    pub fn new(parts: Arc<WorkerParts>, concurrency: usize, tick: Duration) -> Self {
        Self {
            parts,
            concurrency,
            tick,
            workers: Vec::new(),
        }
    }
}

impl Actor for SyncSupervisor {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        self.workers = (0..self.concurrency)
            .map(|index| {
                let parts = self.parts.clone();
                Supervisor::start(move |_| SyncWorker::new(index, parts))
            })
            .collect();
        ctx.run_interval(self.tick, |act, ctx| {
            ctx.spawn(wrap_future(reclaim(act.parts.clone())));
        });
    }
}

/// Gives expired leases back and wakes the dispatcher for their companies.
async fn reclaim(parts: Arc<WorkerParts>) {
    if parts.dispatcher.is_stopping() {
        return;
    }
    let max_attempts = parts.retry.max_attempts as i32;
    let result = match parts.db.get().await {
        Ok(mut conn) => queue::reclaim_expired(&mut conn, Utc::now(), max_attempts)
            .await
            .map_err(|e| e.to_string()),
        Err(error) => Err(error.to_string()),
    };
    match result {
        Ok(reclaimed) => {
            for job in reclaimed {
                log::warn!(
                    "sync: job {} had an expired lease; back in the queue",
                    job.id
                );
                parts.dispatcher.wake(Some(job.company_id));
            }
        }
        Err(error) => log::warn!("sync: cannot look for expired leases: {error}"),
    }
}

impl Handler<Shutdown> for SyncSupervisor {
    type Result = ResponseFuture<ShutdownReport>;

    fn handle(&mut self, msg: Shutdown, _: &mut Context<Self>) -> Self::Result {
        let parts = self.parts.clone();
        Box::pin(async move {
            parts.dispatcher.stop();
            if parts.in_flight.drained_by(Instant::now() + msg.grace).await {
                return ShutdownReport { released: 0 };
            }
            let unfinished = parts.in_flight.snapshot();
            let released = match parts.db.get().await {
                Ok(mut conn) => queue::release_unfinished(&mut conn, &unfinished, Utc::now())
                    .await
                    .map(|rows| rows.len())
                    .unwrap_or_else(|e| {
                        log::error!("sync: cannot release running jobs: {e}; leases will");
                        0
                    }),
                Err(e) => {
                    log::error!("sync: cannot release running jobs: {e}; leases will");
                    0
                }
            };
            log::warn!("sync: {released} running jobs released at shutdown");
            ShutdownReport { released }
        })
    }
}
