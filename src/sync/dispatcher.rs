//! The dispatcher: hands each free worker its next job. The workers waiting for work are
//! served together: a worker that finds no claimed job waiting and no fetch under way for
//! it fetches for every waiting worker not yet covered (at most two fetches at a time). A
//! fetch deals their job slots to the companies with work in turn (`Ring::deal`: one slot
//! per company, round again when there are fewer companies than slots, never more than a
//! company's due jobs), asks the limiter for a background permit per slot (all at once: the
//! limiter decides one company's asks in one round trip), and claims as many jobs as it got
//! permits, every company's in one statement. A rate-limited job never leaves the queue and
//! spends nothing. The permit travels with the job (`Call::prepaid`), so the job's first
//! request does not ask again, but only for half the limiter's guard from the moment it was
//! asked for: the guard is the delay a permit's request may take to reach Dinamize, and a
//! job whose claim and context took longer asks again (else its request could land in a
//! window that no longer counts it; measured: 80 in one 1 000 ms window of a limit of 60).
//! Jobs are claimed only for workers already waiting, so none waits claimed for a worker.
//!
//! It learns of new work four ways: a wake-up (this instance's writes, or another's through
//! Redis), a job of its own sent back to wait (a retry's backoff: it is due then, not at the
//! next poll), a refresh from PostgreSQL after every company was served once, and a poll when
//! idle.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use actix::Addr;
use chrono::{DateTime, Utc};
use futures_util::future::join_all;
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
/// Fetches under way at once. One alone makes a worker that frees up during a fetch wait for
/// it and then for its own; more than a few split the waiting workers into small claims.
const MAX_FETCHES: usize = 2;
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
    /// Jobs claimed for the waiting workers, and the slots being fetched.
    stock: Mutex<Stock>,
    /// Workers inside `next`.
    waiting: AtomicUsize,
    /// Rings when a fetch ends (with jobs in `stock` or not).
    handed: Notify,
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
                stock: Mutex::new(Stock::default()),
                waiting: AtomicUsize::new(0),
                handed: Notify::new(),
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

    /// `company` has a job due again at `due` (a retry, a rate-limit wait): idle workers
    /// wake for it then instead of at their next poll.
    pub fn wake_at(&self, company: i64, due: Instant) {
        self.ring().offer_later(company, due);
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

    /// Permits taken for jobs a claim did not find (another instance claimed them first, or
    /// the company had fewer due jobs than believed): the slot stays used until the window
    /// moves on; never more than the limit.
    pub fn wasted_permits(&self) -> u64 {
        self.inner.wasted_permits.load(Ordering::Relaxed)
    }

    /// The next job for a worker; waits while there is none.
    pub async fn next(&self) -> Next {
        let _waiting = Waiting::enter(&self.inner.waiting);
        loop {
            let notified = self.inner.wake.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let handed = self.inner.handed.notified();
            tokio::pin!(handed);
            handed.as_mut().enable();
            let slots = match self.take_or_reserve() {
                Turn::Job(job, permit_until) => return Next::Job { job, permit_until },
                Turn::Stopped => return Next::Stopped,
                Turn::Fetch(slots) => slots,
                Turn::Wait => {
                    // Fetches under way cover this worker.
                    tokio::select! {
                        _ = &mut handed => {}
                        _ = &mut notified => {}
                        _ = tokio::time::sleep(self.inner.poll) => {}
                    }
                    continue;
                }
            };
            if self.fetch(slots).await > 0 {
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

    /// What a worker in `next` does now: take a claimed job, fetch for the waiting workers no
    /// fetch covers (reserving their slots), wait for the fetches under way, or stop. Jobs
    /// already claimed are run even when stopping: they were claimed for workers waiting here.
    fn take_or_reserve(&self) -> Turn {
        let mut stock = lock(&self.inner.stock);
        if let Some((job, permit_until)) = stock.ready.pop_front() {
            return Turn::Job(job, permit_until);
        }
        if self.is_stopping() {
            return if stock.fetching == 0 {
                Turn::Stopped
            } else {
                Turn::Wait
            };
        }
        let uncovered = self
            .inner
            .waiting
            .load(Ordering::SeqCst)
            .saturating_sub(stock.fetching);
        if uncovered == 0 || stock.fetches == MAX_FETCHES {
            return Turn::Wait;
        }
        stock.fetching += uncovered;
        stock.fetches += 1;
        Turn::Fetch(uncovered)
    }

    /// Claims jobs for `slots` waiting workers, within their companies' permits, and puts
    /// them in stock for them; how many.
    async fn fetch(&self, slots: usize) -> usize {
        let mut fetch = Fetch {
            dispatcher: self,
            slots,
            jobs: Vec::new(),
        };
        fetch.jobs = self.claim_for(slots).await;
        fetch.jobs.len()
    }

    /// The jobs for `slots` workers, in serving order, with their permits' use-by.
    async fn claim_for(&self, slots: usize) -> Vec<(ClaimedJob, Instant)> {
        if self.ring().cycle_done() {
            // In the background: this fetch goes on with the companies already known.
            let this = self.clone();
            actix::spawn(async move {
                this.refresh(MIN_REFRESH_INTERVAL).await;
            });
        }
        let now = Instant::now();
        let dealt = self.ring().deal(now, slots);
        if dealt.is_empty() {
            return Vec::new();
        }
        let _settle = Settle {
            dispatcher: self,
            dealt: &dealt,
        };
        let asked = Instant::now();
        let granted = self.permits(&dealt, now).await;
        if granted.is_empty() {
            return Vec::new();
        }
        let jobs = match self.claim(&granted).await {
            Ok(jobs) => jobs,
            Err(error) => {
                log::warn!("sync: cannot claim jobs: {error}");
                let retry_at = Instant::now() + DB_RETRY;
                for (company, _) in &granted {
                    self.ring().defer(*company, retry_at);
                }
                tokio::time::sleep(DB_RETRY).await;
                return Vec::new();
            }
        };
        let permit_until = asked + self.inner.permit_life;
        self.deal_out(&granted, jobs)
            .into_iter()
            .map(|job| (job, permit_until))
            .collect()
    }

    /// A background permit for each of `dealt`'s slots, asked all at once; the slots that
    /// got one, by company. A company refused is deferred until its window frees.
    async fn permits(&self, dealt: &[(i64, i32)], now: Instant) -> Vec<(i64, i32)> {
        let asks = dealt
            .iter()
            .flat_map(|&(company, n)| (0..n).map(move |_| company))
            .map(|company| async move {
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
                (company, decision)
            });
        let mut granted: Vec<(i64, i32)> = dealt.iter().map(|&(c, _)| (c, 0)).collect();
        for (company, decision) in join_all(asks).await {
            match decision {
                Decision::Permit => {
                    if let Some((_, n)) = granted.iter_mut().find(|(c, _)| *c == company) {
                        *n += 1;
                    }
                }
                Decision::RetryIn(wait) => self.ring().defer(company, now + wait),
            }
        }
        granted.retain(|(_, n)| *n > 0);
        granted
    }

    /// The claimed jobs in serving order (one per company in turn), noting the companies
    /// that had fewer due jobs than permits: they are out of the ring until they have more.
    fn deal_out(&self, granted: &[(i64, i32)], jobs: Vec<ClaimedJob>) -> Vec<ClaimedJob> {
        let mut by_company: HashMap<i64, VecDeque<ClaimedJob>> = HashMap::new();
        for job in jobs {
            by_company.entry(job.company_id).or_default().push_back(job);
        }
        for (company, permits) in granted {
            let got = by_company.get(company).map_or(0, VecDeque::len);
            let unused = (*permits as usize).saturating_sub(got);
            let mut ring = self.ring();
            ring.taken(*company, got);
            if unused > 0 {
                self.inner
                    .wasted_permits
                    .fetch_add(unused as u64, Ordering::Relaxed);
                ring.remove(*company);
            }
        }
        let mut out = Vec::new();
        loop {
            let before = out.len();
            for (company, _) in granted {
                if let Some(job) = by_company.get_mut(company).and_then(VecDeque::pop_front) {
                    out.push(job);
                }
            }
            if out.len() == before {
                return out;
            }
        }
    }

    async fn claim(&self, granted: &[(i64, i32)]) -> Result<Vec<ClaimedJob>, String> {
        let mut conn = self.inner.db.get().await.map_err(|e| e.to_string())?;
        queue::claim_many(&mut conn, granted, Utc::now(), self.inner.lease)
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
        self.ring().refresh_begins();
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
                self.ring().refreshed(waiting.into_iter().map(|w| {
                    let jobs = usize::try_from(w.due_jobs).unwrap_or(0);
                    (w.company_id, instant_of(w.due, now, wall), jobs)
                }));
                true
            }
            Err(error) => {
                self.ring().refresh_failed();
                log::warn!("sync: cannot read the waiting companies: {error}");
                false
            }
        }
    }

    fn ring(&self) -> MutexGuard<'_, Ring> {
        lock(&self.inner.ring)
    }
}

/// Claimed jobs waiting for the workers they were claimed for, and the slots being fetched.
#[derive(Default)]
struct Stock {
    ready: VecDeque<(ClaimedJob, Instant)>,
    /// Slots the fetches under way claim for.
    fetching: usize,
    /// Fetches under way.
    fetches: usize,
}

/// A fetch under way: when it ends, however it ends (a dropped future too), its jobs go to
/// the stock, its slots are no longer covered, and the waiting workers look again.
struct Fetch<'a> {
    dispatcher: &'a Dispatcher,
    slots: usize,
    jobs: Vec<(ClaimedJob, Instant)>,
}

impl Drop for Fetch<'_> {
    fn drop(&mut self) {
        let inner = &self.dispatcher.inner;
        {
            let mut stock = lock(&inner.stock);
            stock.fetching -= self.slots;
            stock.fetches -= 1;
            stock.ready.extend(self.jobs.drain(..));
        }
        inner.handed.notify_waiters();
    }
}

/// A deal's claims under way: when they end, however they end, the ring knows.
struct Settle<'a> {
    dispatcher: &'a Dispatcher,
    dealt: &'a [(i64, i32)],
}

impl Drop for Settle<'_> {
    fn drop(&mut self) {
        self.dispatcher.ring().settled(self.dealt);
    }
}

/// What a worker in `next` does now.
enum Turn {
    Job(ClaimedJob, Instant),
    Fetch(usize),
    Wait,
    Stopped,
}

/// The dispatcher's locks guard plain data changed in place: a panic elsewhere cannot leave
/// it half-changed, so a poisoned lock is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Counts a worker inside `next` for as long as it is there.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn enter(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Self(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The `Instant` at which the wall-clock `due` arrives.
fn instant_of(due: DateTime<Utc>, now: Instant, wall: DateTime<Utc>) -> Instant {
    now + (due - wall).to_std().unwrap_or(Duration::ZERO)
}
