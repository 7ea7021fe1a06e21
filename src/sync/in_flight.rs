//! The jobs this instance is running, with their fences: what a shutdown waits for, and
//! what it gives back when its grace runs out.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use tokio::sync::Notify;

/// Jobs running on this instance (`id → fence`).
#[derive(Clone, Default)]
pub struct InFlight {
    jobs: Arc<Mutex<HashMap<i64, i64>>>,
    finished: Arc<Notify>,
}

impl InFlight {
    /// Job `id`, claimed with `fence`, starts running.
    pub fn insert(&self, id: i64, fence: i64) {
        self.lock().insert(id, fence);
    }

    /// Job `id` is done (recorded or given up).
    pub fn remove(&self, id: i64) {
        self.lock().remove(&id);
        self.finished.notify_waiters();
    }

    /// How many jobs run now.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether none runs.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// The running jobs as `(id, fence)`.
    pub fn snapshot(&self) -> Vec<(i64, i64)> {
        self.lock()
            .iter()
            .map(|(id, fence)| (*id, *fence))
            .collect()
    }

    /// Waits until no job runs or `deadline` passes; whether none runs.
    pub async fn drained_by(&self, deadline: Instant) -> bool {
        loop {
            let finished = self.finished.notified();
            tokio::pin!(finished);
            finished.as_mut().enable();
            if self.is_empty() {
                return true;
            }
            let until = tokio::time::Instant::from_std(deadline);
            if tokio::time::timeout_at(until, finished).await.is_err() {
                return self.is_empty();
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<i64, i64>> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }
}
