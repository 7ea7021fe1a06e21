//! Scenario `ratelimit`, through the queue: three `dinamize-sync serve` processes share one
//! database and one Redis, and one account limited to 60 requests per 1 000 ms; 600 jobs, each
//! one request to the simulator (the contacts exist and their codes are stored: one
//! `contact/update` each). The simulator's arrival times decide: no window `[t, t + 1000)` may
//! hold more than 60, and the run should use the limit fully (`utilisation` = 10 000 /
//! `actual_ms`). The simulator enforces the same limit, so an excess would also show as
//! 240024 refusals.

use std::time::Duration;

use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use super::http::with_contacts;
use super::leads::{self, count};
use super::report::round1;
use super::service::{ChildService, account_vars, limited_sim, wake};
use super::stage::Stage;
use super::windows;
use dinamize_sync::dinamize::codes::RATE_LIMITED;
use dinamize_sync::sim::SimHandle;

/// Service processes.
const PROCESSES: usize = 3;
/// Workers per process.
const CONCURRENCY: usize = 10;
/// Jobs.
const JOBS: usize = 600;
/// The account's limit per window, and the window.
const LIMIT: u32 = 60;
const WINDOW: Duration = Duration::from_millis(1000);
/// Longest the run may take.
const BOUND: Duration = Duration::from_secs(60);

/// Runs the scenario.
pub async fn run(redis_url: &str) -> Result<Value, String> {
    let sim = limited_sim(LIMIT, WINDOW).await?;
    let stage = Stage::create("ratelimit", redis_url).await?;
    let result = measure(&stage, &sim).await;
    stage.cleanup().await;
    sim.stop().await;
    result
}

/// The settings of each process.
fn settings(sim: &SimHandle) -> Vec<(&'static str, String)> {
    let mut extra = account_vars(sim);
    extra.extend([
        ("SYNC_CONCURRENCY", CONCURRENCY.to_string()),
        ("DATABASE_POOL_SIZE", (CONCURRENCY + 5).to_string()),
        ("DINAMIZE_RATE_LIMIT_PER_MINUTE", LIMIT.to_string()),
        (
            "DINAMIZE_RATE_LIMIT_WINDOW_MS",
            WINDOW.as_millis().to_string(),
        ),
    ]);
    extra
}

async fn measure(stage: &Stage, sim: &SimHandle) -> Result<Value, String> {
    let extra = settings(sim);
    let mut services = Vec::new();
    for _ in 0..PROCESSES {
        services.push(ChildService::start(stage, &extra).await?);
    }
    let mut conn = stage.connect().await?;
    diesel::sql_query("UPDATE crm_dinamize_accounts SET default_list_code = '1'")
        .execute(&mut conn)
        .await
        .map_err(|e| e.to_string())?;
    let batch = with_contacts(sim, 1, JOBS)?;
    sim.state().clear_journal();
    let start = leads::write(&mut conn, &batch).await?;
    wake(stage, 1).await?;
    let drained = leads::drained(&mut conn, BOUND).await;
    for service in services {
        service.stop().await;
    }
    drained?;
    let outcome = leads::outcome(&mut conn, start).await?;
    let logged = count(&mut conn, "SELECT count(*) AS n FROM crm_sync_logs").await?;
    Ok(fields(sim, &outcome, logged))
}

fn fields(sim: &SimHandle, outcome: &Value, logged: i64) -> Value {
    let journal = sim.state().journal();
    let first = journal.iter().map(|e| e.at_ms).min().unwrap_or(0);
    let offsets: Vec<Duration> = journal
        .iter()
        .map(|e| Duration::from_millis((e.at_ms - first).max(0) as u64))
        .collect();
    let counted = windows::count(&offsets, WINDOW, LIMIT as usize);
    let refused = journal
        .iter()
        .filter(|e| e.response_code.as_deref() == Some(RATE_LIMITED))
        .count();
    let actual_ms = outcome["elapsed_ms"].as_f64().unwrap_or(0.0);
    json!({
        "processes": PROCESSES,
        "concurrency_per_process": CONCURRENCY,
        "limit": LIMIT,
        "window_ms": WINDOW.as_millis() as u64,
        "jobs": JOBS,
        "completed": outcome["completed"],
        "failed": outcome["failed"],
        "attempt_logs": logged,
        "requests_at_simulator": journal.len(),
        "refused_by_simulator": refused,
        "max_in_any_1000ms_window": counted.max_in_any_window,
        "windows_over_limit": counted.windows_over_limit,
        "actual_ms": actual_ms,
        "utilisation": round1(10_000.0 / actual_ms * 1000.0) / 1000.0,
    })
}
