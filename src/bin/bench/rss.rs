//! Scenario `rss`: the peak resident memory (`VmHWM`) of a service process (a child
//! `dinamize-sync serve`, the simulator staying in the bench process) while it runs `http` c50:
//! 2 000 jobs, one 20 ms request each, 50 workers.

use std::time::Duration;

use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use super::http::{LATENCY_MS, N, with_contacts};
use super::leads;
use super::noop::settings;
use super::service::{ChildService, account_vars, latency, wake};
use super::stage::Stage;
use dinamize_sync::sim::{SimConfig, SimHandle};

/// Workers.
const CONCURRENCY: usize = 50;
/// Longest the run may take.
const BOUND: Duration = Duration::from_secs(60);

/// Runs the scenario.
pub async fn run(redis_url: &str) -> Result<Value, String> {
    let sim_config = SimConfig {
        rate_limit: 0,
        ..SimConfig::default()
    };
    let sim = dinamize_sync::sim::start(sim_config, "127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    latency(&sim, LATENCY_MS);
    let stage = Stage::create("rss", redis_url).await?;
    let result = measure(&stage, &sim).await;
    stage.cleanup().await;
    sim.stop().await;
    result
}

async fn measure(stage: &Stage, sim: &SimHandle) -> Result<Value, String> {
    let mut extra = account_vars(sim);
    extra.extend(settings(CONCURRENCY));
    let service = ChildService::start(stage, &extra).await?;
    let pid = service.pid().ok_or("the service has no pid")?;
    let idle_kb = status_kb(pid, "VmRSS:");
    let result = async {
        let mut conn = stage.connect().await?;
        diesel::sql_query("UPDATE crm_dinamize_accounts SET default_list_code = '1'")
            .execute(&mut conn)
            .await
            .map_err(|e| e.to_string())?;
        let batch = with_contacts(sim, 1, N)?;
        let start = leads::write(&mut conn, &batch).await?;
        wake(stage, 1).await?;
        leads::drained(&mut conn, BOUND).await?;
        leads::outcome(&mut conn, start).await
    }
    .await;
    let peak_kb = status_kb(pid, "VmHWM:");
    service.stop().await;
    let outcome = result?;
    let mb = |kb: Option<u64>| kb.map(|kb| (kb as f64 / 1024.0 * 10.0).round() / 10.0);
    Ok(json!({
        "n": N,
        "concurrency": CONCURRENCY,
        "peak_rss_mb": mb(peak_kb),
        "idle_rss_mb": mb(idle_kb),
        "completed": outcome["completed"],
        "jobs_per_s": outcome["jobs_per_s"],
    }))
}

/// A `/proc/PID/status` line's value in kB.
pub fn status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
