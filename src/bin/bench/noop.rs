//! Scenario `noop`: the queue's own cost. 20 000 jobs committed at once to an idle service
//! whose handler does nothing, at `SYNC_CONCURRENCY` 5 then 50; then `paced_c5`/`paced_c50`:
//! 1 000 leads written at 500/s to an idle pool (each write followed by the wake-up the leads
//! API sends), for the enqueue-to-complete latency. Every job still takes its limiter permit
//! (one Redis call), is claimed with `FOR UPDATE SKIP LOCKED` and has its result committed.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::LocalBoxFuture;

use serde_json::{Value, json};

use super::leads::{self, NewLead};
use super::service::InProcess;
use super::stage::Stage;
use dinamize_sync::sync::JobHandler;
use dinamize_sync::sync::job::{ClaimedJob, JobOutcome, Synced};

/// Pre-enqueued jobs per run.
const N: usize = 20_000;
/// Paced jobs, and their pace.
const PACED: usize = 1_000;
const PACE: Duration = Duration::from_millis(2);
/// Longest a run may take.
const BOUND: Duration = Duration::from_secs(50);

/// Does nothing and succeeds: the queue's own cost.
struct NoopHandler;

impl JobHandler for NoopHandler {
    fn run(&self, _job: ClaimedJob, _: Instant) -> LocalBoxFuture<'static, JobOutcome> {
        Box::pin(async { JobOutcome::Synced(Synced::default()) })
    }
}

/// Runs the scenario.
pub async fn run(redis_url: &str) -> Result<Value, String> {
    let mut fields = serde_json::Map::new();
    fields.insert("n".into(), json!(N));
    for concurrency in [5, 50] {
        fields.insert(
            format!("c{concurrency}"),
            once(redis_url, concurrency, false).await?,
        );
    }
    for concurrency in [5, 50] {
        let paced = once(redis_url, concurrency, true).await?;
        fields.insert(format!("paced_c{concurrency}"), paced);
    }
    fields.insert(
        "synchronous_commit".into(),
        json!("on (server default; never changed)"),
    );
    Ok(Value::Object(fields))
}

/// The settings of a no-op service: `concurrency` workers, no rate limit to speak of, and a
/// pool with a connection for each worker and a few for the rest.
pub fn settings(concurrency: usize) -> Vec<(&'static str, String)> {
    vec![
        ("SYNC_CONCURRENCY", concurrency.to_string()),
        ("DATABASE_POOL_SIZE", (concurrency + 5).to_string()),
        // The largest limit the settings allow, over a 1 s window: never the bottleneck.
        ("DINAMIZE_RATE_LIMIT_PER_MINUTE", "1000000".into()),
        ("DINAMIZE_RATE_LIMIT_WINDOW_MS", "1000".into()),
    ]
}

async fn once(redis_url: &str, concurrency: usize, paced: bool) -> Result<Value, String> {
    let stage = Stage::create("noop", redis_url).await?;
    let handler = Some(Arc::new(NoopHandler) as _);
    let result = async {
        let service = InProcess::start(&stage, &settings(concurrency), handler).await?;
        let measured = measure(&stage, &service, paced).await;
        service.stop().await;
        measured
    }
    .await;
    stage.cleanup().await;
    result
}

async fn measure(stage: &Stage, service: &InProcess, paced: bool) -> Result<Value, String> {
    let mut conn = stage.connect().await?;
    let start = if paced {
        let start = chrono::Utc::now();
        let mut tick = tokio::time::interval(PACE);
        for _ in 0..PACED {
            tick.tick().await;
            leads::write(
                &mut conn,
                &[NewLead {
                    company: 1,
                    code: None,
                }],
            )
            .await?;
            service.notify(1).await?;
        }
        start
    } else {
        let start = leads::write(&mut conn, &leads::plain(1, N)).await?;
        service.notify(1).await?;
        start
    };
    leads::drained(&mut conn, BOUND).await?;
    leads::outcome(&mut conn, start).await
}
