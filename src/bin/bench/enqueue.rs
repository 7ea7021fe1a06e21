//! Scenario `enqueue`: 20 000 leads written through the capture trigger (`INSERT INTO
//! crm_leads`, which enqueues each lead's job in the same transaction), first one by one
//! awaiting each, then in statements of 1 000 rows. No service runs: this is the write path's
//! own cost, every statement committed.

use std::time::Instant;

use diesel::sql_types::Int8;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::{Value, json};

use super::leads::{companies, count};
use super::report::round1;
use super::stage::Stage;

/// Leads per phase.
const N: i64 = 20_000;
/// Rows per statement of the bulk phase.
const BATCH: i64 = 1_000;
/// The one-by-one phase stops here if not done (every insert is a commit, and on a loaded
/// disk a commit can take 20 ms): the scenario stays within its 2 minutes.
const SINGLE_BOUND: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs the scenario.
pub async fn run(redis_url: &str) -> Result<Value, String> {
    let stage = Stage::create("enqueue", redis_url).await?;
    let result = measure(&stage).await;
    stage.cleanup().await;
    result
}

async fn measure(stage: &Stage) -> Result<Value, String> {
    let mut conn = stage.connect().await?;
    companies(&mut conn, 1).await?;
    let started = Instant::now();
    let mut single = 0;
    while single < N && started.elapsed() < SINGLE_BOUND {
        single += 1;
        insert(&mut conn, single, single).await?;
    }
    let single_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for from in (N + 1..=2 * N).step_by(BATCH as usize) {
        insert(&mut conn, from, from + BATCH - 1).await?;
    }
    let bulk_s = started.elapsed().as_secs_f64();
    let jobs = count(&mut conn, "SELECT count(*) AS n FROM crm_sync_queue").await?;
    if jobs != single + N {
        return Err(format!("{jobs} jobs for {} leads", single + N));
    }
    Ok(json!({
        "n": N,
        "single": {"n": single, "elapsed_ms": round1(single_s * 1000.0), "jobs_per_s": round1(single as f64 / single_s)},
        "bulk1000": {"elapsed_ms": round1(bulk_s * 1000.0), "jobs_per_s": round1(N as f64 / bulk_s)},
    }))
}

/// Leads `from..=to` of company 1, in one statement.
async fn insert(conn: &mut AsyncPgConnection, from: i64, to: i64) -> Result<(), String> {
    diesel::sql_query(
        "INSERT INTO crm_leads (company_id, email, name) \
         SELECT 1, 'lead-' || g || '@bench.test', 'Lead ' || g FROM generate_series($1, $2) g",
    )
    .bind::<Int8, _>(from)
    .bind::<Int8, _>(to)
    .execute(conn)
    .await
    .map(|_| ())
    .map_err(|e| e.to_string())
}
