//! Scenario `retry`: 200 jobs whose handler fails twice (a transient error) and then
//! succeeds; backoff base 50 ms (then 100 ms, ±10 % jitter), concurrency 10 as the peer's.
//! Every attempt is a committed `crm_sync_logs` row, which is what `attempt_failures` counts.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::LocalBoxFuture;
use serde_json::{Value, json};

use super::leads::{self, count};
use super::noop::settings;
use super::service::InProcess;
use super::stage::Stage;
use dinamize_sync::sync::JobHandler;
use dinamize_sync::sync::job::{ClaimedJob, JobError, JobOutcome, Synced};

/// Jobs.
const N: usize = 200;
/// Worker concurrency (the peer's `RETRY_CONCURRENCY`).
const CONCURRENCY: usize = 10;
/// Failures before each job's success.
const FAILURES: i32 = 2;
/// Longest the run may take.
const BOUND: Duration = Duration::from_secs(60);

/// Fails a job's first two runs with a transient error, then succeeds.
struct FailTwice;

impl JobHandler for FailTwice {
    fn run(&self, job: ClaimedJob, _: Instant) -> LocalBoxFuture<'static, JobOutcome> {
        Box::pin(async move {
            if job.attempts < FAILURES {
                let reason = format!("planned failure {}", job.attempts + 1);
                return JobOutcome::Failed(JobError::Unavailable(reason));
            }
            JobOutcome::Synced(Synced::default())
        })
    }
}

/// Runs the scenario.
pub async fn run(redis_url: &str) -> Result<Value, String> {
    let stage = Stage::create("retry", redis_url).await?;
    let result = measure(&stage).await;
    stage.cleanup().await;
    result
}

async fn measure(stage: &Stage) -> Result<Value, String> {
    let mut extra = settings(CONCURRENCY);
    extra.push(("SYNC_BACKOFF_BASE_MS", "50".into()));
    let service = InProcess::start(stage, &extra, Some(Arc::new(FailTwice))).await?;
    let mut conn = stage.connect().await?;
    let start = leads::write(&mut conn, &leads::plain(1, N)).await?;
    service.notify(1).await?;
    let drained = leads::drained(&mut conn, BOUND).await;
    service.stop().await;
    drained?;
    let outcome = leads::outcome(&mut conn, start).await?;
    let failures = count(
        &mut conn,
        "SELECT count(*) AS n FROM crm_sync_logs WHERE NOT success",
    )
    .await?;
    let completed = outcome["completed"].as_i64().unwrap_or(0);
    Ok(json!({
        "n": N,
        "concurrency": CONCURRENCY,
        "backoff_base_ms": 50,
        "all_completed": completed == N as i64,
        "completed": completed,
        "attempt_failures": failures,
        "expected_attempt_failures": FAILURES as usize * N,
        "total_ms": outcome["elapsed_ms"],
        "min_possible_per_job_ms": 150,
        "enqueue_to_complete": outcome["enqueue_to_complete"],
    }))
}
