//! Scenario `limiter`: limiter decisions alone, 4 concurrent callers for 3 s against Redis,
//! first with everything allowed (a huge limit), then with a limit of 60 per 1 000 ms (almost
//! every answer a `RetryIn`). Reports `checks_per_s` for both, and `stages`: the same
//! all-allowed load measured at each layer, to show where the time goes: `round_trip` (one
//! script call per decision on the shared connection, no limiter around it), `limiter`
//! (`Limiter::acquire`: round trips shared by concurrent callers, memory and outage
//! bookkeeping), `handle` (`LimiterHandle::acquire`: plus the company's limit lookup and the
//! metric, no mailbox), `actor` (an `Acquire` message to `RateLimiterActor`, which delegates to
//! the handle). `BENCH_LIMITER_ROUNDS` (default `batch::ROUNDS_IN_FLIGHT`) sets how many round
//! trips of one company may be in flight at once, and `BENCH_LIMITER_AHEAD` (default
//! `lease::MAX_AHEAD`; 0 turns leasing off) the most permits one round leases, to compare.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::report::round1;
use dinamize_sync::actors::rate_limiter::{Acquire, LimiterHandle, RateLimiterActor};
use dinamize_sync::limiter::lease::Ahead;
use dinamize_sync::limiter::script::{self, ScriptAnswer};
use dinamize_sync::limiter::{Lane, Limiter, LimiterSettings, Tuning, connect};
use dinamize_sync::limiter::{LimitSource, Limits};

/// How long each phase runs.
const PHASE: Duration = Duration::from_secs(3);

/// Concurrent callers, as in the reference run.
const CALLERS: usize = 4;

/// Runs the scenario and returns its fields.
pub async fn run(redis_url: &str, prefix: &str, guard: Duration) -> Result<Value, String> {
    let settings = LimiterSettings {
        window: Duration::from_millis(1000),
        guard,
        background_reserve: 0,
        key_prefix: prefix.to_owned(),
    };
    let connector = connect::from_url(redis_url).map_err(|e| e.to_string())?;
    let defaults = Tuning::default();
    let tuning = Tuning {
        rounds_in_flight: env_or("BENCH_LIMITER_ROUNDS", defaults.rounds_in_flight),
        max_ahead: env_or("BENCH_LIMITER_AHEAD", defaults.max_ahead),
    };
    let limiter = Limiter::tuned(settings, connector.clone(), tuning);
    let all_allowed = phase(&limiter, 1, 1_000_000_000).await;
    let limit60 = phase(&limiter, 2, 60).await;
    let stages = json!({
        "round_trip": round_trips(&limiter, &connector, 3).await?,
        "limiter": all_allowed["checks_per_s"],
        "handle": through_handle(&limiter, 5).await,
        "actor": through_actor(&limiter, 4).await,
    });
    cleanup(&limiter, redis_url, &[1, 2, 3, 4, 5]).await?;
    if limiter.health().outages() > 0 {
        return Err("Redis failed during the scenario".into());
    }
    Ok(
        json!({ "callers": CALLERS, "rounds_in_flight": tuning.rounds_in_flight,
        "max_ahead": tuning.max_ahead, "all_allowed": all_allowed, "limit60": limit60,
        "stages_checks_per_s": stages }),
    )
}

/// A number from the environment, or `default` when unset or unreadable.
fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One phase of the limiter itself.
async fn phase(limiter: &Limiter, company: i64, limit: u32) -> Value {
    limiter.acquire(company, limit, Lane::Background).await; // opens the connection, loads the script
    let limiter = limiter.clone();
    let mut result = run_callers(move || {
        let limiter = limiter.clone();
        async move {
            let decision = limiter.acquire(company, limit, Lane::Background).await;
            decision.is_permit()
        }
    })
    .await;
    result["limit"] = json!(limit);
    result
}

/// One script call per decision on the limiter's connection: the round trip alone.
async fn round_trips(
    limiter: &Limiter,
    connector: &dinamize_sync::limiter::Connector,
    company: i64,
) -> Result<Value, String> {
    let con = connector().await.map_err(|e| e.to_string())?;
    let (keys, params) = (limiter.keys(company), limiter.params(1_000_000_000));
    let calls = Arc::new(AtomicU64::new(0));
    let result = run_callers(move || {
        let (mut con, keys, calls) = (con.clone(), keys.clone(), calls.clone());
        async move {
            let token = format!("bench-{}", calls.fetch_add(1, Ordering::Relaxed));
            let answer =
                script::decide_batch(&mut con, &keys, &params, &token, &[0], &Ahead::NONE).await;
            matches!(
                answer.map(|d| d.answers).as_deref(),
                Ok([ScriptAnswer::Allowed])
            )
        }
    })
    .await;
    Ok(result["checks_per_s"].clone())
}

/// `LimiterHandle::acquire` calls (the actor's work without its mailbox).
async fn through_handle(limiter: &Limiter, company: i64) -> Value {
    let limits = Limits::new(LimitSource::Fixed(1_000_000_000));
    let handle = LimiterHandle::new(limiter.clone(), limits);
    let result = run_callers(move || {
        let handle = handle.clone();
        async move { handle.acquire(company, Lane::Background).await.is_permit() }
    })
    .await;
    result["checks_per_s"].clone()
}

/// `Acquire` messages to the actor (with a fixed limit source: the lookup is its cache hit).
async fn through_actor(limiter: &Limiter, company: i64) -> Value {
    let limits = Limits::new(LimitSource::Fixed(1_000_000_000));
    let actor = RateLimiterActor::new(limiter.clone(), limits).start_supervised();
    let lane = Lane::Background;
    let result = run_callers(move || {
        let actor = actor.clone();
        async move {
            let decision = actor
                .send(Acquire {
                    company_id: company,
                    lane,
                })
                .await;
            decision.is_ok_and(|d| d.is_permit())
        }
    })
    .await;
    result["checks_per_s"].clone()
}

/// `CALLERS` tasks calling `check` without pause until `PHASE` is over; `check` answers
/// whether it was a permit.
async fn run_callers<F, Fut>(check: F) -> Value
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = bool> + Send,
{
    let (stop, checks, permits) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
    );
    let started = Instant::now();
    let tasks: Vec<_> = (0..CALLERS)
        .map(|_| {
            let (check, stop) = (check.clone(), stop.clone());
            let (checks, permits) = (checks.clone(), permits.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let permit = check().await;
                    checks.fetch_add(1, Ordering::Relaxed);
                    permits.fetch_add(u64::from(permit), Ordering::Relaxed);
                }
            })
        })
        .collect();
    tokio::time::sleep(PHASE).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        let _ = task.await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let checks = checks.load(Ordering::Relaxed);
    json!({
        "checks": checks,
        "permits": permits.load(Ordering::Relaxed),
        "elapsed_ms": round1(elapsed * 1000.0),
        "checks_per_s": round1(checks as f64 / elapsed),
    })
}

/// Deletes the scenario's keys.
pub async fn cleanup(limiter: &Limiter, redis_url: &str, companies: &[i64]) -> Result<(), String> {
    let client = ::redis::Client::open(redis_url).map_err(|e| e.to_string())?;
    let mut con = client
        .get_multiplexed_async_connection()
        .await
        .map_err(|e| e.to_string())?;
    let mut cmd = ::redis::cmd("DEL");
    for company in companies {
        let keys = limiter.keys(*company);
        cmd.arg(keys.window).arg(keys.block);
    }
    cmd.exec_async(&mut con).await.map_err(|e| e.to_string())
}
