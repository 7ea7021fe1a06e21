//! The limiter itself: decisions against Redis (shared by every instance; concurrent decisions
//! of one company share round trips, a few of which are in flight at once, see `batch`, and a
//! busy company's rounds lease permits ahead, handed out without a round trip, see `lease`),
//! falling back to this instance's memory while Redis fails, with company blocks kept in both
//! places.
//! Independent of actix, so the actor, the benchmark and the tests share it.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use ::redis::RedisResult;
use ::redis::aio::ConnectionManager;
use log::{debug, error, info, warn};

use super::batch::{Batches, Round};
use super::decision::{Decision, Lane, WindowParams};
use super::lease::{Ahead, LEASE_FOR, Leases, Unused};
use super::memory::MemoryWindow;
use super::outage::{LimiterHealth, Outage, Transition};
use super::script::{self, CompanyKeys, ScriptAnswer};

/// A decision that Redis has not answered within this long counts as a Redis failure and is
/// answered from memory. Redis answers in well under a millisecond, but failing open wrongly
/// lets every instance use the whole limit, so this is generous: on a loaded 2-core machine
/// 500 ms was exceeded during the benchmark while Redis was healthy. It bounds how long a hung
/// Redis holds a caller (one caller per probe interval once the outage is known).
pub const REDIS_DECISION_TIMEOUT: Duration = Duration::from_secs(2);

/// Opening a connection to Redis that takes longer than this counts as a failure.
pub const REDIS_CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// Opens a Redis connection (e.g. `RedisHandle::connection`). Called lazily and again after
/// a failure, so the limiter can start while Redis is down.
pub type Connector = Arc<
    dyn Fn() -> Pin<Box<dyn Future<Output = RedisResult<ConnectionManager>> + Send>> + Send + Sync,
>;

/// Window settings shared by every company (the limit itself is per company).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimiterSettings {
    /// The receiver's window length (60 s for Dinamize).
    pub window: Duration,
    /// Extra time each permit occupies its slot (see `WindowParams::span`).
    pub guard: Duration,
    /// Slots of each window the background lane leaves to interactive calls.
    pub background_reserve: u32,
    /// Redis key prefix, e.g. `dwu_crm:`.
    pub key_prefix: String,
}

/// The distributed limiter. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Limiter {
    inner: Arc<Inner>,
}

struct Inner {
    settings: LimiterSettings,
    connect: Connector,
    connection: Mutex<Option<ConnectionManager>>,
    memory: Mutex<MemoryWindow>,
    outage: Mutex<Outage>,
    health: LimiterHealth,
    instance: u64,
    calls: AtomicU64,
    batches: Batches,
    leases: Leases,
}

/// How the limiter shares round trips; the defaults are the service's, other values are for
/// measuring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tuning {
    /// Round trips of one company in flight at once (see `batch`).
    pub rounds_in_flight: usize,
    /// Most permits a round leases beyond its callers (see `lease`; 0: never).
    pub max_ahead: u32,
}

impl Default for Tuning {
    fn default() -> Self {
        Self {
            rounds_in_flight: super::batch::ROUNDS_IN_FLIGHT,
            max_ahead: super::lease::MAX_AHEAD,
        }
    }
}

impl Limiter {
    /// A limiter deciding through the Redis that `connect` opens.
    pub fn new(settings: LimiterSettings, connect: Connector) -> Self {
        Self::tuned(settings, connect, Tuning::default())
    }

    /// Like `new`, sharing round trips as `tuning` says.
    pub fn tuned(settings: LimiterSettings, connect: Connector, tuning: Tuning) -> Self {
        let inner = Inner {
            settings,
            connect,
            connection: Mutex::new(None),
            memory: Mutex::new(MemoryWindow::new()),
            outage: Mutex::new(Outage::default()),
            health: LimiterHealth::default(),
            instance: rand::random(),
            calls: AtomicU64::new(0),
            batches: Batches::new(tuning.rounds_in_flight),
            leases: Leases::new(tuning.max_ahead),
        };
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The shared health flag (degraded while Redis fails).
    pub fn health(&self) -> LimiterHealth {
        self.inner.health.clone()
    }

    /// The settings this limiter was built with.
    pub fn settings(&self) -> &LimiterSettings {
        &self.inner.settings
    }

    /// The window shape for a company whose limit is `limit`.
    pub fn params(&self, limit: u32) -> WindowParams {
        let s = &self.inner.settings;
        WindowParams {
            limit,
            window: s.window,
            guard: s.guard,
            background_reserve: s.background_reserve,
        }
    }

    /// Asks for one slot of `company_id`'s window. Never fails: while Redis fails the answer
    /// comes from this instance's memory (fail-open, but still limited per instance).
    pub async fn acquire(&self, company_id: i64, limit: u32, lane: Lane) -> Decision {
        let params = self.params(limit);
        let now = Instant::now();
        if let Some(left) = self.memory().blocked_for(company_id, now) {
            return Decision::RetryIn(left);
        }
        if self.inner.leases.take(company_id, limit, now) {
            return Decision::Permit;
        }
        if self.outage().should_try_redis(now) {
            // The round has recorded the permit in memory and the success in the outage state.
            match self.decide_in_redis(company_id, &params, lane).await {
                Ok(answer) => return answer.decision(),
                Err(reason) => self.on_redis_failure(&reason),
            }
        }
        self.inner.health.count_memory_decision();
        self.memory()
            .decide(company_id, lane, &params, Instant::now())
    }

    /// Blocks `company_id` for `retry_after` (after a 240024 answer): in memory at once, and in
    /// Redis so every instance answers `RetryIn` until it ends.
    pub async fn block(&self, company_id: i64, retry_after: Duration) {
        self.memory()
            .block(company_id, Instant::now() + retry_after);
        self.inner.leases.forget(company_id);
        let keys = self.keys(company_id);
        let result = self
            .with_redis(|mut con| async move { script::block(&mut con, &keys, retry_after).await })
            .await;
        match result {
            Ok(()) => self.on_redis_success().await,
            Err(reason) => self.on_redis_failure(&reason),
        }
    }

    /// The Redis keys of one company.
    pub fn keys(&self, company_id: i64) -> CompanyKeys {
        CompanyKeys::new(&self.inner.settings.key_prefix, company_id)
    }

    /// Joins the company's next round trip (see `batch`); a caller that leads starts a runner
    /// on a task of its own, so a caller that goes away cannot stall the others.
    async fn decide_in_redis(
        &self,
        company_id: i64,
        params: &WindowParams,
        lane: Lane,
    ) -> Result<ScriptAnswer, String> {
        let reserve = params.reserve_for(lane);
        let joined = self.inner.batches.join(company_id, params.limit, reserve);
        if joined.lead {
            let limiter = self.clone();
            let limit = params.limit;
            tokio::spawn(async move { limiter.run_rounds(company_id, limit).await });
        }
        joined
            .answer
            .await
            .unwrap_or_else(|_| Err("the decision's round trip was dropped".into()))
    }

    /// A runner: round trips for `company_id` until nobody is waiting.
    async fn run_rounds(&self, company_id: i64, limit: u32) {
        let (keys, params) = (self.keys(company_id), self.params(limit));
        let mut first = true;
        while let Some(round) = self.inner.batches.next_round(company_id, limit, first) {
            first = false;
            if let Some(round) = self.serve_leased(company_id, limit, round) {
                self.run_round(company_id, &keys, &params, round).await;
            }
        }
    }

    /// Answers a round's first callers from the company's lease while it lasts; the rest, if
    /// any, still need a round trip.
    fn serve_leased(&self, company_id: i64, limit: u32, round: Round) -> Option<Round> {
        let now = Instant::now();
        let leases = &self.inner.leases;
        let served = (0..round.reserves.len())
            .take_while(|_| leases.take(company_id, limit, now))
            .count();
        round.allow_first(served)
    }

    /// One script call deciding `round` and leasing permits beyond it (see `lease`). Before
    /// the callers hear their answers, the permits are recorded in memory (so a Redis failure
    /// right after still counts them), the lease is held, and, once per round rather than per
    /// caller, Redis' success is recorded in the outage state.
    async fn run_round(
        &self,
        company_id: i64,
        keys: &CompanyKeys,
        params: &WindowParams,
        round: Round,
    ) {
        let token = self.token();
        let reserves = &round.reserves;
        let ahead = self.ahead(company_id, params, reserves.len());
        let result = self
            .with_redis(|mut con| {
                let token = &token;
                async move {
                    script::decide_batch(&mut con, keys, params, token, reserves, &ahead).await
                }
            })
            .await;
        let decided = match result {
            Ok(decided) => decided,
            Err(reason) => return round.answer(Err(reason)),
        };
        let permits = decided
            .answers
            .iter()
            .filter(|a| **a == ScriptAnswer::Allowed);
        let permits = permits.count() + decided.leased as usize;
        let now = Instant::now();
        if permits > 0 {
            self.memory()
                .record_many(company_id, params.span(), now, permits);
        }
        if decided.leased > 0 {
            self.hold_lease(company_id, params.limit, token, decided.leased, now);
        }
        self.on_redis_success().await;
        round.answer(Ok(decided.answers));
    }

    /// What a round of `callers` asks beyond them: leased permits only while the window stays
    /// at most half full of the background lane's cap.
    fn ahead(&self, company_id: i64, params: &WindowParams, callers: usize) -> Ahead {
        let permits = self.inner.leases.wanted(company_id, params.limit, callers);
        if permits == 0 {
            return Ahead::NONE;
        }
        Ahead {
            permits,
            later: LEASE_FOR,
            up_to: params.cap(Lane::Background) / 2,
        }
    }

    /// Holds a round's leased permits and ends the lease after `LEASE_FOR`, freeing in Redis
    /// what was not handed out.
    fn hold_lease(&self, company_id: i64, limit: u32, token: String, leased: u32, now: Instant) {
        let leases = &self.inner.leases;
        if let Some(replaced) = leases.hold(company_id, limit, &token, leased, now + LEASE_FOR) {
            self.release(company_id, replaced);
        }
        let limiter = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(LEASE_FOR).await;
            if let Some(unused) = limiter.inner.leases.end(company_id, limit, &token) {
                limiter.release(company_id, unused);
            }
        });
    }

    /// Removes a lease's unused permits from Redis (a failure leaves them counted until they
    /// end: the safe side).
    fn release(&self, company_id: i64, unused: Unused) {
        let limiter = self.clone();
        tokio::spawn(async move {
            let keys = limiter.keys(company_id);
            let released = limiter
                .with_redis(
                    |mut con| async move { script::release(&mut con, &keys, &unused).await },
                )
                .await;
            if let Err(reason) = released {
                debug!("rate limiter: unused leased permits stay counted ({reason})");
            }
        });
    }

    /// Runs `op` on the (lazily opened) connection, bounded by the timeouts. On failure the
    /// connection is dropped, so the next probe opens a fresh one.
    async fn with_redis<T, F, Fut>(&self, op: F) -> Result<T, String>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: Future<Output = RedisResult<T>>,
    {
        let con = self.connection().await?;
        let result = match tokio::time::timeout(REDIS_DECISION_TIMEOUT, op(con)).await {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(e)) => format!("{e}"),
            Err(_) => format!("no answer within {REDIS_DECISION_TIMEOUT:?}"),
        };
        *lock(&self.inner.connection) = None;
        Err(result)
    }

    async fn connection(&self) -> Result<ConnectionManager, String> {
        if let Some(con) = lock(&self.inner.connection).clone() {
            return Ok(con);
        }
        let con = match tokio::time::timeout(REDIS_CONNECT_TIMEOUT, (self.inner.connect)()).await {
            Ok(Ok(con)) => con,
            Ok(Err(e)) => return Err(format!("cannot connect: {e}")),
            Err(_) => return Err(format!("cannot connect within {REDIS_CONNECT_TIMEOUT:?}")),
        };
        *lock(&self.inner.connection) = Some(con.clone());
        Ok(con)
    }

    async fn on_redis_success(&self) {
        let Some(t) = self.outage().on_success(Instant::now()) else {
            return;
        };
        self.inner.health.apply(t);
        if let Transition::Ended(lasted) = t {
            info!("rate limiter: Redis is back after {lasted:?}; deciding through Redis again");
            self.share_memory().await;
        }
    }

    /// After an outage: copies the permits granted from memory (still in their span) and the
    /// running blocks into Redis, so every instance counts them from now on.
    async fn share_memory(&self) {
        let span = self.inner.settings.window + self.inner.settings.guard;
        let unshared = self.memory().take_unshared(span, Instant::now());
        let mut copied = 0;
        for (company_id, ages) in unshared.permits {
            let (keys, token) = (self.keys(company_id), self.token());
            let replayed = self
                .with_redis(|mut con| async move {
                    script::replay(&mut con, &keys, span, &ages, &token).await
                })
                .await;
            match replayed {
                Ok(()) => copied += 1,
                Err(reason) => {
                    warn!("rate limiter: cannot copy permits ({reason})");
                    return;
                }
            }
        }
        for (company_id, left) in unshared.blocks {
            let keys = self.keys(company_id);
            let blocked = self
                .with_redis(|mut con| async move { script::block(&mut con, &keys, left).await })
                .await;
            if let Err(reason) = blocked {
                warn!("rate limiter: cannot copy blocks ({reason})");
                return;
            }
        }
        if copied > 0 {
            info!("rate limiter: copied the outage's permits of {copied} companies into Redis");
        }
    }

    fn token(&self) -> String {
        let call = self.inner.calls.fetch_add(1, Ordering::Relaxed);
        format!("{:x}-{call:x}", self.inner.instance)
    }

    fn on_redis_failure(&self, reason: &str) {
        if let Some(t) = self.outage().on_failure(Instant::now()) {
            self.inner.health.apply(t);
            error!(
                "rate limiter: Redis failed ({reason}); failing open to this instance's \
                 in-memory window until it answers again"
            );
        } else {
            debug!("rate limiter: Redis still failing ({reason})");
        }
    }

    fn memory(&self) -> MutexGuard<'_, MemoryWindow> {
        lock(&self.inner.memory)
    }

    fn outage(&self) -> MutexGuard<'_, Outage> {
        lock(&self.inner.outage)
    }
}

/// Locks a mutex, recovering it if a panicking holder poisoned it (the data stays usable:
/// every update is a single push or pop).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
