//! Scenario `backfill`: 100 000 leads of one company (`BENCH_BACKFILL_N` to change it)
//! sent through Dinamize's bulk import to a simulator that enforces the real limit of 60
//! requests a minute. The run is written before the service starts (so no sync job spends
//! the account's window first); the service's backfill loop then exports, imports, polls
//! and reads the codes back. Every contact must be in the simulator and every lead's code
//! stored.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::leads::{self, count};
use super::service::{InProcess, account_vars, limited_sim};
use super::stage::Stage;
use dinamize_sync::sim::SimHandle;
use dinamize_sync::sync::runs::{self, RunMode};

/// Leads, unless `BENCH_BACKFILL_N` says otherwise.
const N: usize = 100_000;
/// The account's limit per window, and the window: Dinamize's.
const LIMIT: u32 = 60;
const WINDOW: Duration = Duration::from_secs(60);
/// Longest the run may take.
const BOUND: Duration = Duration::from_secs(600);

/// Runs the scenario.
pub async fn run(redis_url: &str) -> Result<Value, String> {
    let n = match std::env::var("BENCH_BACKFILL_N") {
        Ok(text) => text
            .parse()
            .map_err(|_| format!("BENCH_BACKFILL_N: not a number: {text:?}"))?,
        Err(_) => N,
    };
    let sim = limited_sim(LIMIT, WINDOW).await?;
    let stage = Stage::create("backfill", redis_url).await?;
    let result = measure(&stage, &sim, n).await;
    stage.cleanup().await;
    sim.stop().await;
    result
}

fn settings(sim: &SimHandle) -> Vec<(&'static str, String)> {
    let mut extra = account_vars(sim);
    extra.extend([
        ("DINAMIZE_DEFAULT_LIST_CODE", "1".into()),
        ("DINAMIZE_RATE_LIMIT_PER_MINUTE", LIMIT.to_string()),
        (
            "DINAMIZE_RATE_LIMIT_WINDOW_MS",
            WINDOW.as_millis().to_string(),
        ),
        ("SYNC_TICK_MS", "100".into()),
        ("SYNC_IMPORT_POLL_MS", "1000".into()),
    ]);
    extra
}

async fn measure(stage: &Stage, sim: &SimHandle, n: usize) -> Result<Value, String> {
    let extra = settings(sim);
    let config = stage.config(&extra)?;
    let pool = dinamize_sync::db::connect(&config.database);
    dinamize_sync::db::companies::ensure_default(&pool)
        .await
        .map_err(|e| e.to_string())?;
    let mut conn = stage.connect().await?;
    leads::write(&mut conn, &leads::plain(1, n)).await?;
    let started = Instant::now();
    let import = config.sync.import;
    let run = runs::begin(&mut conn, 1, RunMode::Backfill, false, "bench", &import)
        .await
        .map_err(|e| e.to_string())?;
    let service = InProcess::start(stage, &extra, None).await?;
    let finished = until_finished(&mut conn, run.id, started).await;
    let elapsed_ms = started.elapsed().as_millis() as u64;
    service.stop().await;
    finished?;
    let state = sim.state();
    let contacts = state.contacts(&state.default_client_code(), 1).len();
    let stored = count(
        &mut conn,
        "SELECT count(*) AS n FROM crm_lead_sync WHERE contact_code IS NOT NULL \
         AND status = 'synced'",
    )
    .await?;
    let requests: Vec<String> = state.journal().into_iter().map(|e| e.path).collect();
    let of = |path: &str| requests.iter().filter(|p| *p == path).count();
    Ok(json!({
        "n": n,
        "limit_per_minute": LIMIT,
        "chunk_rows": import.chunk_rows,
        "elapsed_ms": elapsed_ms,
        "requests_sent": requests.len(),
        "imports": of("/emkt/contact"),
        "import_polls": of("/emkt/import/get"),
        "read_back_searches": of("/emkt/contact/search"),
        "contacts_in_simulator": contacts,
        "codes_stored": stored,
        "all_present": contacts == n && stored == n as i64,
    }))
}

async fn until_finished(
    conn: &mut diesel_async::AsyncPgConnection,
    id: i64,
    started: Instant,
) -> Result<(), String> {
    loop {
        let finished = count(
            conn,
            &format!(
                "SELECT count(*) AS n FROM crm_sync_runs WHERE id = {id} AND status = 'finished'"
            ),
        )
        .await?;
        if finished == 1 {
            return Ok(());
        }
        if started.elapsed() > BOUND {
            return Err(format!("the backfill did not finish within {BOUND:?}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
