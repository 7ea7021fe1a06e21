//! Scenario `limiter`: limiter decisions alone, 4 concurrent callers for 3 s against Redis,
//! first with everything allowed (a huge limit), then with a limit of 60 per 1 000 ms (almost
//! every answer a `RetryIn`). Reports `checks_per_s` for both.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::report::round1;
use crate::limiter::{Lane, Limiter, LimiterSettings, connect};

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
    let limiter = Limiter::new(settings, connector);
    let all_allowed = phase(&limiter, 1, 1_000_000_000).await;
    let limit60 = phase(&limiter, 2, 60).await;
    cleanup(&limiter, redis_url, &[1, 2]).await?;
    if limiter.health().outages() > 0 {
        return Err("Redis failed during the scenario".into());
    }
    Ok(json!({ "callers": CALLERS, "all_allowed": all_allowed, "limit60": limit60 }))
}

/// One phase: `CALLERS` tasks asking for `company` without pause until `PHASE` is over.
async fn phase(limiter: &Limiter, company: i64, limit: u32) -> Value {
    limiter.acquire(company, limit, Lane::Background).await; // opens the connection, loads the script
    let (stop, checks, permits) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
    );
    let started = Instant::now();
    let tasks: Vec<_> = (0..CALLERS)
        .map(|_| {
            let (limiter, stop) = (limiter.clone(), stop.clone());
            let (checks, permits) = (checks.clone(), permits.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let permit = limiter.acquire(company, limit, Lane::Background).await;
                    checks.fetch_add(1, Ordering::Relaxed);
                    permits.fetch_add(u64::from(permit.is_permit()), Ordering::Relaxed);
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
        "limit": limit,
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
