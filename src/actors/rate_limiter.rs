//! `RateLimiterActor`: the thin actor in front of the distributed limiter. Callers ask before
//! every Dinamize request and report 240024 answers; the arithmetic lives in `crate::limiter`.

use std::time::Duration;

use actix::{Actor, Context, Handler, Message, ResponseFuture};

pub use crate::limiter::{Decision, Lane, LimiterHealth};
use crate::limiter::{Limiter, Limits};

/// Sent before each Dinamize request of `company_id`. Answers `Permit` (the request has been
/// counted: send it now) or `RetryIn` (nothing counted: ask again after that long). Never an
/// error: while Redis fails the answer comes from this instance's memory.
#[derive(Debug, Clone, Copy, Message)]
#[rtype(result = "Decision")]
pub struct Acquire {
    pub company_id: i64,
    pub lane: Lane,
}

/// Sent when Dinamize answered 240024 (rate limited) for `company_id`: every instance answers
/// `RetryIn` for that company until `retry_after` has passed.
#[derive(Debug, Clone, Copy, Message)]
#[rtype(result = "()")]
pub struct Block {
    pub company_id: i64,
    pub retry_after: Duration,
}

/// The actor. Decisions run concurrently (each handler returns a future); the state they
/// share is inside `Limiter` and `Limits`.
pub struct RateLimiterActor {
    limiter: Limiter,
    limits: Limits,
}

impl RateLimiterActor {
    /// An actor deciding with `limiter`, reading each company's limit from `limits`.
    pub fn new(limiter: Limiter, limits: Limits) -> Self {
        Self { limiter, limits }
    }

    /// The health flag `/ready` shows (degraded while Redis fails).
    pub fn health(&self) -> LimiterHealth {
        self.limiter.health()
    }
}

impl Actor for RateLimiterActor {
    type Context = Context<Self>;
}

impl Handler<Acquire> for RateLimiterActor {
    type Result = ResponseFuture<Decision>;

    fn handle(&mut self, msg: Acquire, _: &mut Context<Self>) -> Self::Result {
        let (limiter, limits) = (self.limiter.clone(), self.limits.clone());
        Box::pin(async move {
            let limit = limits.of(msg.company_id).await;
            limiter.acquire(msg.company_id, limit, msg.lane).await
        })
    }
}

impl Handler<Block> for RateLimiterActor {
    type Result = ResponseFuture<()>;

    fn handle(&mut self, msg: Block, _: &mut Context<Self>) -> Self::Result {
        let limiter = self.limiter.clone();
        Box::pin(async move { limiter.block(msg.company_id, msg.retry_after).await })
    }
}
