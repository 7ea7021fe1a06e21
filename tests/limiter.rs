//! The distributed rate limiter against real Redis: the limit holds across instances and
//! connections, blocks reach every instance, lanes keep the reserve, a Redis outage falls back
//! to memory and recovers, and the actor reads each company's limit from its account.

mod common;

#[path = "limiter/actor.rs"]
mod actor;
#[path = "limiter/lease.rs"]
mod lease;
#[path = "limiter/outage.rs"]
mod outage;
#[path = "limiter/window.rs"]
mod window;

use std::sync::Arc;
use std::time::{Duration, Instant};

use dinamize_sync::limiter::{Connector, Decision, Lane, Limiter, LimiterSettings};

use common::TestContext;

pub fn settings(prefix: &str, window_ms: u64, guard_ms: u64, reserve: u32) -> LimiterSettings {
    LimiterSettings {
        window: Duration::from_millis(window_ms),
        guard: Duration::from_millis(guard_ms),
        background_reserve: reserve,
        key_prefix: prefix.to_owned(),
    }
}

/// One "instance" of the service: a limiter on its own Redis connection.
pub fn instance(ctx: &TestContext, settings: &LimiterSettings) -> Limiter {
    let redis = ctx.redis.clone();
    let connector: Connector = Arc::new(move || {
        let redis = redis.clone();
        Box::pin(async move { redis.dedicated_connection().await })
    });
    Limiter::new(settings.clone(), connector)
}

/// Most permits in any half-open window `[t, t + window)` starting at a permit.
pub fn max_in_any_window(times: &mut [Instant], window: Duration) -> usize {
    times.sort();
    (0..times.len())
        .map(|i| {
            times[i..]
                .iter()
                .take_while(|t| **t < times[i] + window)
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// Asks until a permit comes, obeying each `RetryIn`; returns when the permit was received.
pub async fn acquire_waiting(limiter: &Limiter, company: i64, limit: u32, lane: Lane) -> Instant {
    loop {
        match limiter.acquire(company, limit, lane).await {
            Decision::Permit => return Instant::now(),
            Decision::RetryIn(wait) => tokio::time::sleep(wait).await,
        }
    }
}
