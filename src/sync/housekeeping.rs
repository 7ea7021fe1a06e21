//! What the supervisor's tick does besides expired leases: mark finished runs, start the
//! incremental schedule's due runs, and sweep old jobs and logs (at most once a minute per
//! instance, sooner while a backlog remains).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;

use super::worker::WorkerParts;
use super::{retention, runs, schedule};
use crate::config::{RetentionConfig, SyncConfig};

/// How often an instance sweeps when the last sweep left nothing behind.
pub const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// The tick's settings and the instance's last sweep.
#[derive(Debug)]
pub struct Housekeeping {
    incremental: Option<Duration>,
    retention: RetentionConfig,
    next_sweep: Mutex<Instant>,
}

impl Housekeeping {
    /// From the `SYNC_*` settings; the first sweep runs at the first tick.
    pub fn new(config: &SyncConfig) -> Self {
        Self {
            incremental: config.incremental_interval,
            retention: config.retention.clone(),
            next_sweep: Mutex::new(Instant::now()),
        }
    }

    fn sweep_due(&self) -> bool {
        *self.next_sweep.lock().unwrap_or_else(|p| p.into_inner()) <= Instant::now()
    }

    fn sweep_again_in(&self, wait: Duration) {
        *self.next_sweep.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now() + wait;
    }
}

/// One tick's housekeeping; failures are logged and retried at the next tick.
pub async fn tick(chores: Arc<Housekeeping>, parts: Arc<WorkerParts>) {
    if parts.dispatcher.is_stopping() {
        return;
    }
    let mut conn = match parts.db.get().await {
        Ok(conn) => conn,
        Err(error) => return log::warn!("sync: housekeeping skipped: {error}"),
    };
    let now = Utc::now();
    match runs::finish_completed(&mut conn, now).await {
        Ok(ids) => ids
            .iter()
            .for_each(|id| log::info!("sync: run {id} finished")),
        Err(error) => log::warn!("sync: cannot mark finished runs: {error}"),
    }
    if let Some(interval) = chores.incremental {
        match schedule::run_due(&mut conn, interval, now).await {
            Ok(companies) => companies
                .into_iter()
                .for_each(|c| parts.dispatcher.wake(Some(c))),
            Err(error) => log::warn!("sync: incremental schedule: {error}"),
        }
    }
    if chores.sweep_due() {
        match retention::sweep(&mut conn, &chores.retention, now).await {
            Ok(swept) => {
                let full = [swept.completed, swept.failed, swept.logs]
                    .iter()
                    .any(|n| *n as i64 >= retention::SWEEP_BATCH);
                chores.sweep_again_in(if full { Duration::ZERO } else { SWEEP_EVERY });
                if swept != retention::Swept::default() {
                    log::info!("sync: retention removed {swept:?}");
                }
            }
            Err(error) => log::warn!("sync: retention sweep: {error}"),
        }
    }
}
