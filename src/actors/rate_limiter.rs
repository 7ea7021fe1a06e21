//! `RateLimiterActor`: the thin actor in front of the distributed limiter. Callers ask before
//! every Dinamize request and report 240024 answers; the arithmetic lives in `crate::limiter`.
//! Started under an actix `Supervisor`; its state lives in `Limiter` and `Limits`, which a
//! restart keeps. `LimiterHandle` is the same service without the mailbox hop: a cheap clone
//! that hot callers (the dispatcher, once per job) call directly; the actor delegates to it.

use std::time::Duration;

use actix::{Actor, Addr, Context, Handler, Message, ResponseFuture, Supervised, Supervisor};

use crate::config::Config;
use crate::db::DbPool;
pub use crate::limiter::{Decision, Lane, LimiterHealth};
use crate::limiter::{LimitSource, Limiter, LimiterSettings, Limits, connect};
use crate::redis::RedisHandle;

/// Sent before each Dinamize request of `company_id`. Answers `Permit` (the request has been
/// counted: send it now) or `RetryIn` (nothing counted: ask again after that long). Never an
/// error: while Redis fails the answer comes from this instance's memory.
#[derive(Debug, Clone, Copy, Message)]
#[rtype(result = "Decision")]
pub struct Acquire {
    /// The company whose Dinamize account the request uses.
    pub company_id: i64,
    /// Interactive (frontend) or background (sync job).
    pub lane: Lane,
}

/// Sent when Dinamize answered 240024 (rate limited) for `company_id`: every instance answers
/// `RetryIn` for that company until `retry_after` has passed.
#[derive(Debug, Clone, Copy, Message)]
#[rtype(result = "()")]
pub struct Block {
    /// The company Dinamize refused.
    pub company_id: i64,
    /// The `retry-after` Dinamize answered.
    pub retry_after: Duration,
}

/// What the actor answers, callable directly: `acquire` is `Acquire`, `block` is `Block`, with
/// the same limit lookup and metrics. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct LimiterHandle {
    limiter: Limiter,
    limits: Limits,
}

impl LimiterHandle {
    /// A handle deciding with `limiter`, reading each company's limit from `limits`.
    pub fn new(limiter: Limiter, limits: Limits) -> Self {
        Self { limiter, limits }
    }

    /// The answer to `Acquire { company_id, lane }`.
    pub async fn acquire(&self, company_id: i64, lane: Lane) -> Decision {
        let limit = self.limits.of(company_id).await;
        let decision = self.limiter.acquire(company_id, limit, lane).await;
        let open = self.limiter.health().is_degraded();
        crate::metrics::record::limiter_decision(lane, decision, open);
        decision
    }

    /// The answer to `Block { company_id, retry_after }`.
    pub async fn block(&self, company_id: i64, retry_after: Duration) {
        self.limiter.block(company_id, retry_after).await
    }

    /// The health flag `/ready` shows (degraded while Redis fails).
    pub fn health(&self) -> LimiterHealth {
        self.limiter.health()
    }
}

/// The actor. Decisions run concurrently (each handler returns a future); the state they
/// share is inside its `LimiterHandle`.
#[derive(Clone)]
pub struct RateLimiterActor {
    handle: LimiterHandle,
}

impl RateLimiterActor {
    /// An actor deciding with `limiter`, reading each company's limit from `limits`.
    pub fn new(limiter: Limiter, limits: Limits) -> Self {
        Self {
            handle: LimiterHandle::new(limiter, limits),
        }
    }

    /// The handle the actor delegates to: call it directly to skip the mailbox.
    pub fn handle(&self) -> LimiterHandle {
        self.handle.clone()
    }

    /// The service's limiter: `config.limiter` for the window, guard and reserve, the shared
    /// Redis connection, each company's limit from its account (default
    /// `DINAMIZE_RATE_LIMIT_PER_MINUTE`).
    pub fn from_config(config: &Config, redis: RedisHandle, db: DbPool) -> Self {
        let settings = LimiterSettings {
            window: config.limiter.window,
            guard: config.limiter.guard,
            background_reserve: config.limiter.background_reserve,
            key_prefix: redis.keys().prefix().to_owned(),
        };
        let limits = Limits::new(LimitSource::Accounts {
            db,
            default: config.dinamize.rate_limit_per_minute,
        });
        Self::new(Limiter::new(settings, connect::from_handle(redis)), limits)
    }

    /// The health flag `/ready` shows (degraded while Redis fails).
    pub fn health(&self) -> LimiterHealth {
        self.handle.health()
    }

    /// Starts the actor under a `Supervisor` in the current arbiter.
    pub fn start_supervised(self) -> Addr<RateLimiterActor> {
        Supervisor::start(move |_| self)
    }
}

impl Actor for RateLimiterActor {
    type Context = Context<Self>;
}

impl Supervised for RateLimiterActor {
    fn restarting(&mut self, _ctx: &mut Self::Context) {
        log::warn!("RateLimiterActor restarting");
    }
}

impl Handler<Acquire> for RateLimiterActor {
    type Result = ResponseFuture<Decision>;

    fn handle(&mut self, msg: Acquire, _: &mut Context<Self>) -> Self::Result {
        let handle = self.handle.clone();
        Box::pin(async move { handle.acquire(msg.company_id, msg.lane).await })
    }
}

impl Handler<Block> for RateLimiterActor {
    type Result = ResponseFuture<()>;

    fn handle(&mut self, msg: Block, _: &mut Context<Self>) -> Self::Result {
        let handle = self.handle.clone();
        Box::pin(async move { handle.block(msg.company_id, msg.retry_after).await })
    }
}
