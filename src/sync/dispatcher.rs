//! The dispatcher: hands each free worker its next job. It picks the next company in turn
//! (`Ring`), asks the limiter for a background permit for that company, and only with the
//! permit claims the company's next job: a rate-limited job never leaves the queue and spends
//! nothing. The permit travels with the job (`Call::prepaid`), so the job's first request
//! does not ask again, but only for half the limiter's guard from the moment it was asked
//! for: the guard is the delay a permit's request may take to reach Dinamize, and a job
//! whose claim and context took longer asks again (else its request could land in a window
//! that no longer counts it; measured: 80 in one 1 000 ms window of a limit of 60).
//!
//! It learns of new work three ways: a wake-up (this instance's writes, or another's through
//! Redis), a refresh from PostgreSQL after every company was served once, and a poll when idle.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use actix::Addr;
use chrono::{DateTime, Utc};
use tokio::sync::Notify;

use super::job::ClaimedJob;
use super::queue;
use super::ring::Ring;
use crate::actors::rate_limiter::{Acquire, Decision, Lane, RateLimiterActor};
use crate::db::DbPool;

/// The shortest time between two refreshes from PostgreSQL while work is flowing: with one
/// busy company a refresh would otherwise follow every job. Bounds how long a company whose
/// work arrived without a wake-up (plain SQL) waits behind another company's backlog.
const MIN_REFRESH_INTERVAL: Duration = Duration::from_millis(10);
/// How long to hold off after PostgreSQL failed, before asking again.
const DB_RETRY: Duration = Duration::from_millis(250);

/// What a worker gets.
#[derive(Debug)]
pub enum Next {
    /// A claimed job, with the permit for its first request already taken: good for a
    /// request sent before `permit_until`.
    Job {
        job: ClaimedJob,
        permit_until: Instant,
    },
    /// The instance is shutting down: take no more work.
    Stopped,
}

/// Shared by the workers of one instance.
#[derive(Clone)]
pub struct Dispatcher {
    inner: Arc<Inner>,
}

struct Inner {
    db: DbPool,
    limiter: Addr<RateLimiterActor>,
    ring: Mutex<Ring>,
    wake: Notify,
    last_refresh: tokio::sync::Mutex<Option<Instant>>,
    stopping: AtomicBool,
    lease: Duration,
    poll: Duration,
    permit_life: Duration,
    wasted_permits: AtomicU64,
}

impl Dispatcher {
    /// A dispatcher claiming from `db` under `lease`, permits from `limiter` (whose guard is
    /// `guard`), looking for unannounced work every `poll` when idle.
    pub fn new(
        db: DbPool,
        limiter: Addr<RateLimiterActor>,
        guard: Duration,
        lease: Duration,
        poll: Duration,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                db,
                limiter,
                ring: Mutex::new(Ring::new()),
                wake: Notify::new(),
                last_refresh: tokio::sync::Mutex::new(None),
                stopping: AtomicBool::new(false),
                lease,
                poll,
                permit_life: guard / 2,
                wasted_permits: AtomicU64::new(0),
            }),
        }
    }

    /// `company` has new work (or `None`: someone has, look): idle workers look now.
    pub fn wake(&self, company: Option<i64>) {
        if let Some(company) = company {
            self.ring().offer(company, Instant::now());
        }
        self.inner.wake.notify_waiters();
    }

    /// Hands out nothing more; workers waiting for work get `Stopped`.
    pub fn stop(&self) {
        self.inner.stopping.store(true, Ordering::SeqCst);
        self.inner.wake.notify_waiters();
    }

    /// Whether `stop` was called.
    pub fn is_stopping(&self) -> bool {
        self.inner.stopping.load(Ordering::SeqCst)
    }

    /// Permits taken for a company whose job another instance claimed first (the slot
    /// stays used until the window moves on; never more than the limit).
    pub fn wasted_permits(&self) -> u64 {
        self.inner.wasted_permits.load(Ordering::Relaxed)
    }

    /// The next job for a worker; waits while there is none.
    pub async fn next(&self) -> Next {
        loop {
            let notified = self.inner.wake.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.is_stopping() {
                return Next::Stopped;
            }
            let cycle_done = self.ring().cycle_done();
            if cycle_done {
                self.refresh(MIN_REFRESH_INTERVAL).await;
            }
            let now = Instant::now();
            let picked = self.ring().pick(now);
            if let Some(company) = picked {
                if let Some(next) = self.try_company(company, now).await {
                    return next;
                }
                continue;
            }
            if self
                .refresh(self.inner.poll.min(MIN_REFRESH_INTERVAL))
                .await
                && self.ring().wait_from(Instant::now()) == Some(Duration::ZERO)
            {
                continue;
            }
            let wait = self
                .ring()
                .wait_from(Instant::now())
                .map_or(self.inner.poll, |w| w.min(self.inner.poll));
            tokio::select! {
                _ = &mut notified => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Permit, then claim, for `company`; `None` when either says no.
    async fn try_company(&self, company: i64, now: Instant) -> Option<Next> {
        let asked = Instant::now();
        let decision = self
            .inner
            .limiter
            .send(Acquire {
                company_id: company,
                lane: Lane::Background,
            })
            .await
            // The limiter actor itself unreachable: fail open like the limiter does.
            .unwrap_or(Decision::Permit);
        if let Decision::RetryIn(wait) = decision {
            self.ring().defer(company, now + wait);
            return None;
        }
        match self.claim(company).await {
            Ok(Some(job)) => Some(Next::Job {
                job,
                permit_until: asked + self.inner.permit_life,
            }),
            Ok(None) => {
                self.inner.wasted_permits.fetch_add(1, Ordering::Relaxed);
                self.ring().remove(company);
                None
            }
            Err(error) => {
                log::warn!("sync: cannot claim a job of company {company}: {error}");
                self.ring().defer(company, Instant::now() + DB_RETRY);
                tokio::time::sleep(DB_RETRY).await;
                None
            }
        }
    }

    async fn claim(&self, company: i64) -> Result<Option<ClaimedJob>, String> {
        let mut conn = self.inner.db.get().await.map_err(|e| e.to_string())?;
        queue::claim(&mut conn, company, Utc::now(), self.inner.lease)
            .await
            .map_err(|e| e.to_string())
    }

    /// Reads the companies with waiting work, unless another worker is doing it or the last
    /// read is younger than `min_interval`. Whether it read.
    async fn refresh(&self, min_interval: Duration) -> bool {
        let Ok(mut last) = self.inner.last_refresh.try_lock() else {
            return false;
        };
        if last.is_some_and(|at| at.elapsed() < min_interval) {
            return false;
        }
        let waiting = match self.inner.db.get().await {
            Ok(mut conn) => queue::waiting_companies(&mut conn)
                .await
                .map_err(|e| e.to_string()),
            Err(error) => Err(error.to_string()),
        };
        *last = Some(Instant::now());
        match waiting {
            Ok(waiting) => {
                let (now, wall) = (Instant::now(), Utc::now());
                self.ring().refreshed(
                    waiting
                        .into_iter()
                        .map(|w| (w.company_id, instant_of(w.due, now, wall))),
                );
                true
            }
            Err(error) => {
                log::warn!("sync: cannot read the waiting companies: {error}");
                false
            }
        }
    }

    fn ring(&self) -> MutexGuard<'_, Ring> {
        // The ring is plain data changed in place under the lock: a panic elsewhere cannot
        // leave it half-changed, so a poisoned lock is still usable.
        self.inner.ring.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The `Instant` at which the wall-clock `due` arrives.
fn instant_of(due: DateTime<Utc>, now: Instant, wall: DateTime<Utc>) -> Instant {
    now + (due - wall).to_std().unwrap_or(Duration::ZERO)
}
