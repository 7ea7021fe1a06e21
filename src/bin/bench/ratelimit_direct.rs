//! Scenario `ratelimit_direct`: the limiter alone, without the queue. Three OS processes share
//! one Redis and one account limited to 60
//! requests per 1 000 ms; 600 jobs, each one request to the receiver (the simulator by default).
//! The receiver's arrival times decide: no window `[t, t + 1000)` may hold more than 60, and the
//! run should use the limit fully (`utilisation` = 10 000 / `actual_ms`).

use std::process::Stdio;
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

use super::receiving::{Observed, ReceiverKind, Receiving};
use super::report::round1;
use super::windows;
use super::worker::{WorkerConfig, WorkerReport, unix_us};

/// The scenario may not run longer than this; workers still running are killed.
const SCENARIO_BOUND: Duration = Duration::from_secs(120);

/// Worker processes.
const PROCESSES: usize = 3;

/// Worker tasks per process.
const CONCURRENCY: usize = 4;

/// Jobs of the reference run.
const JOBS: u64 = 600;

/// The account's limit per window, and the window (the reference run's 60 per 1 000 ms).
const LIMIT: u32 = 60;
const WINDOW: Duration = Duration::from_millis(1000);

/// The account the jobs belong to.
const COMPANY: i64 = 1;

/// Runs the scenario and returns its fields.
pub async fn run(
    redis_url: &str,
    prefix: &str,
    guard: Duration,
    kind: ReceiverKind,
) -> Result<Value, String> {
    let receiving = Receiving::start(kind, LIMIT, WINDOW).await?;
    let config = WorkerConfig {
        redis_url: redis_url.to_owned(),
        prefix: prefix.to_owned(),
        jobs_key: format!("{prefix}bench:jobs-taken"),
        company_id: COMPANY,
        total_jobs: JOBS,
        limit: LIMIT,
        window_ms: WINDOW.as_millis() as u64,
        guard_ms: guard.as_millis() as u64,
        concurrency: CONCURRENCY,
        target: receiving.target(),
    };
    let result = drive(&config).await;
    let observed = receiving.observed();
    receiving.stop().await;
    cleanup(&config).await?;
    let (go, reports) = result?;
    Ok(fields(&config, kind, go, &reports, &observed))
}

/// Starts the workers, releases them together, collects their reports. Returns the start
/// time (wall clock, µs) with the reports.
async fn drive(config: &WorkerConfig) -> Result<(u64, Vec<WorkerReport>), String> {
    let json = serde_json::to_string(config).map_err(|e| e.to_string())?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut workers = Vec::new();
    for _ in 0..PROCESSES {
        let mut child = Command::new(&exe)
            .args(["--worker-config", &json])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start a worker: {e}"))?;
        let lines = BufReader::new(child.stdout.take().ok_or("no stdout")?).lines();
        workers.push((child, lines));
    }
    for (_, lines) in &mut workers {
        expect_ready(lines).await?;
    }
    // Each worker's login went through the limiter; let those permits leave the window so
    // the measured run starts with the whole window free (as the reference run does).
    tokio::time::sleep(WINDOW + Duration::from_millis(config.guard_ms)).await;
    let go = unix_us(SystemTime::now());
    for (child, _) in &mut workers {
        let stdin = child.stdin.as_mut().ok_or("no stdin")?;
        stdin.write_all(b"go\n").await.map_err(|e| e.to_string())?;
    }
    let reports = tokio::time::timeout(SCENARIO_BOUND, collect(&mut workers))
        .await
        .map_err(|_| format!("not finished within {SCENARIO_BOUND:?}"))??;
    Ok((go, reports))
}

async fn expect_ready(lines: &mut Lines<BufReader<ChildStdout>>) -> Result<(), String> {
    let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .map_err(|_| "a worker did not get ready".to_owned())?
        .map_err(|e| e.to_string())?;
    match line {
        Some(line) if line.trim() == "ready" => Ok(()),
        other => Err(format!("a worker said {other:?} instead of \"ready\"")),
    }
}

async fn collect(
    workers: &mut [(Child, Lines<BufReader<ChildStdout>>)],
) -> Result<Vec<WorkerReport>, String> {
    let mut reports = Vec::new();
    for (child, lines) in workers.iter_mut() {
        let line = lines.next_line().await.map_err(|e| e.to_string())?;
        let line = line.ok_or("a worker exited without a report")?;
        reports.push(serde_json::from_str(&line).map_err(|e| format!("{e}: {line}"))?);
        child.wait().await.map_err(|e| e.to_string())?;
    }
    Ok(reports)
}

fn fields(
    config: &WorkerConfig,
    kind: ReceiverKind,
    go: u64,
    reports: &[WorkerReport],
    observed: &Observed,
) -> Value {
    let sum = |f: fn(&WorkerReport) -> u64| reports.iter().map(f).sum::<u64>();
    let last_done = reports
        .iter()
        .map(|r| r.last_done_unix_us)
        .max()
        .unwrap_or(0);
    let actual_ms = last_done.saturating_sub(go) as f64 / 1000.0;
    let counted = windows::count(&observed.offsets, WINDOW, config.limit as usize);
    let decisions = sum(|r| r.decisions);
    let answer_lags: Vec<u64> = reports
        .iter()
        .flat_map(|r| r.decision_to_answer_us.iter().copied())
        .collect();
    json!({
        "receiver": format!("{kind:?}").to_lowercase(),
        "processes": PROCESSES,
        "concurrency_per_process": config.concurrency,
        "limit": config.limit,
        "window_ms": config.window_ms,
        "guard_ms": config.guard_ms,
        "jobs": config.total_jobs,
        "completed": sum(|r| r.completed),
        "errors": sum(|r| r.errors),
        "requests_at_receiver": observed.offsets.len(),
        "refused_by_receiver": observed.refused,
        "contacts_in_simulator": observed.contacts,
        "max_in_any_1000ms_window": counted.max_in_any_window,
        "windows_over_limit": counted.windows_over_limit,
        "actual_ms": round1(actual_ms),
        "utilisation": (10_000.0 / actual_ms * 1000.0).round() / 1000.0,
        "limiter_outages": sum(|r| r.limiter_outages),
        "decisions": decisions,
        "decisions_per_s": round1(decisions as f64 / (actual_ms / 1000.0)),
        "decision_to_arrival_ms": percentiles(observed.lags_us.clone()),
        "decision_to_answer_ms": percentiles(answer_lags),
    })
}

/// p50, p99 and max of microsecond values, in ms (null when there are none).
fn percentiles(mut values: Vec<u64>) -> Value {
    if values.is_empty() {
        return Value::Null;
    }
    values.sort_unstable();
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize] as f64 / 1000.0;
    json!({ "p50": round1(at(0.5)), "p99": round1(at(0.99)), "max": round1(at(1.0)) })
}

/// Deletes the scenario's keys.
async fn cleanup(config: &WorkerConfig) -> Result<(), String> {
    let client = ::redis::Client::open(config.redis_url.as_str()).map_err(|e| e.to_string())?;
    let mut con = client
        .get_multiplexed_async_connection()
        .await
        .map_err(|e| e.to_string())?;
    let mut keys = vec![config.jobs_key.clone()];
    for company in [config.company_id, -1] {
        let k = dinamize_sync::limiter::script::CompanyKeys::new(&config.prefix, company);
        keys.extend([k.window, k.block]);
    }
    ::redis::cmd("DEL")
        .arg(keys)
        .exec_async(&mut con)
        .await
        .map_err(|e| e.to_string())
}
