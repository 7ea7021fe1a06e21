//! The worker process of scenario `ratelimit`: the bench binary re-executed with a hidden flag.
//! It takes jobs from a shared Redis counter, asks the limiter (shared by every process through
//! Redis) before each request, sends the request, and prints its figures as one JSON line.
//! Protocol on stdio: prints `ready`, waits for `go`, prints the result line.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::target::{Outcome, Target, TargetSpec};
use dinamize_sync::limiter::{Decision, Lane, Limiter, LimiterSettings, connect};

/// Everything a worker process needs, passed as JSON in its hidden argument.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkerConfig {
    pub redis_url: String,
    pub prefix: String,
    pub jobs_key: String,
    pub company_id: i64,
    pub total_jobs: u64,
    pub limit: u32,
    pub window_ms: u64,
    pub guard_ms: u64,
    pub concurrency: usize,
    pub target: TargetSpec,
}

/// What one worker process reports.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct WorkerReport {
    pub completed: u64,
    pub decisions: u64,
    pub retries: u64,
    pub refused: u64,
    pub errors: u64,
    /// Wall-clock time of the last completion, microseconds since the Unix epoch.
    pub last_done_unix_us: u64,
    /// Per completed request: µs from just before the permit's decision to the answer.
    pub decision_to_answer_us: Vec<u64>,
    /// Redis outages the worker's limiter went through (each means fail-open decisions).
    pub limiter_outages: u64,
}

#[derive(Default)]
struct Counters {
    completed: AtomicU64,
    decisions: AtomicU64,
    retries: AtomicU64,
    refused: AtomicU64,
    errors: AtomicU64,
    last_done: AtomicU64,
    lags_us: std::sync::Mutex<Vec<u64>>,
}

/// Runs the worker; the result line goes to stdout.
pub async fn run(config: WorkerConfig) -> Result<(), String> {
    let limiter = Limiter::new(
        LimiterSettings {
            window: Duration::from_millis(config.window_ms),
            guard: Duration::from_millis(config.guard_ms),
            background_reserve: 0,
            key_prefix: config.prefix.clone(),
        },
        connect::from_url(&config.redis_url).map_err(|e| e.to_string())?,
    );
    let client = ::redis::Client::open(config.redis_url.as_str()).map_err(|e| e.to_string())?;
    let jobs = client
        .get_multiplexed_async_connection()
        .await
        .map_err(|e| e.to_string())?;
    limiter.acquire(-1, u32::MAX, Lane::Background).await; // connect and load the script
    let counters = Arc::new(Counters::default());
    if config.target.prepare_sends_request() {
        acquire(&limiter, &config, &counters).await; // the login counts at the receiver too
    }
    let target = config.target.prepare().await?;
    println!("ready");
    wait_for_go().await?;

    let config = Arc::new(config);
    let tasks: Vec<_> = (0..config.concurrency)
        .map(|_| {
            let (limiter, jobs, target) = (limiter.clone(), jobs.clone(), target.clone());
            let (config, counters) = (config.clone(), counters.clone());
            tokio::spawn(async move { work(limiter, jobs, target, &config, &counters).await })
        })
        .collect();
    for task in tasks {
        task.await.map_err(|e| e.to_string())?;
    }
    let report = WorkerReport {
        completed: counters.completed.load(Ordering::Relaxed),
        decisions: counters.decisions.load(Ordering::Relaxed),
        retries: counters.retries.load(Ordering::Relaxed),
        refused: counters.refused.load(Ordering::Relaxed),
        errors: counters.errors.load(Ordering::Relaxed),
        last_done_unix_us: counters.last_done.load(Ordering::Relaxed),
        decision_to_answer_us: std::mem::take(&mut *lock(&counters.lags_us)),
        limiter_outages: limiter.health().outages(),
    };
    println!(
        "{}",
        serde_json::to_string(&report).map_err(|e| e.to_string())?
    );
    Ok(())
}

/// One worker task: take a job, wait for a permit, send, repeat until the jobs run out.
async fn work(
    limiter: Limiter,
    mut jobs: ::redis::aio::MultiplexedConnection,
    target: Target,
    config: &WorkerConfig,
    counters: &Counters,
) {
    loop {
        let taken: ::redis::RedisResult<u64> = ::redis::cmd("INCR")
            .arg(&config.jobs_key)
            .query_async(&mut jobs)
            .await;
        let job = match taken {
            Ok(n) if n <= config.total_jobs => n,
            _ => return,
        };
        let done = run_job(&limiter, &target, job, config, counters).await;
        let counter = if done {
            &counters.completed
        } else {
            &counters.errors
        };
        counter.fetch_add(1, Ordering::Relaxed);
        counters
            .last_done
            .fetch_max(unix_us(SystemTime::now()), Ordering::Relaxed);
    }
}

/// One job: permit, request; a 240024 answer blocks the company and the job asks again.
/// True when the receiver accepted it.
async fn run_job(
    limiter: &Limiter,
    target: &Target,
    job: u64,
    config: &WorkerConfig,
    counters: &Counters,
) -> bool {
    loop {
        let decided_at = acquire(limiter, config, counters).await;
        let outcome = target.send(job, decided_at).await;
        let answered_at = unix_us(SystemTime::now());
        match outcome {
            Outcome::Done => {
                lock(&counters.lags_us).push(answered_at.saturating_sub(decided_at));
                return true;
            }
            Outcome::RateLimited(retry_after) => {
                counters.refused.fetch_add(1, Ordering::Relaxed);
                limiter.block(config.company_id, retry_after).await;
            }
            Outcome::Failed => return false,
        }
    }
}

/// Asks until a permit comes, sleeping as long as each `RetryIn` says. Returns the wall-clock
/// time (µs) just before the call that got the permit: no later than the decision itself.
async fn acquire(limiter: &Limiter, config: &WorkerConfig, counters: &Counters) -> u64 {
    loop {
        counters.decisions.fetch_add(1, Ordering::Relaxed);
        let asked_at = unix_us(SystemTime::now());
        match limiter
            .acquire(config.company_id, config.limit, Lane::Background)
            .await
        {
            Decision::Permit => return asked_at,
            Decision::RetryIn(wait) => {
                counters.retries.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(wait).await;
            }
        }
    }
}

/// Blocks (on a blocking thread) until the parent writes its `go` line.
async fn wait_for_go() -> Result<(), String> {
    let read = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map(|_| line)
    });
    match read.await {
        Ok(Ok(line)) if line.trim() == "go" => Ok(()),
        other => Err(format!("expected go on stdin, got {other:?}")),
    }
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// Microseconds since the Unix epoch.
pub fn unix_us(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}
