//! What the sync tests share: leads written with plain SQL, reading the queue back, waiting
//! for the queue to drain (polling with a deadline, never sleeping a fixed time).

use std::future::Future;
use std::time::{Duration, Instant};

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Int4, Nullable, Text};
use diesel_async::RunQueryDsl;
use dinamize_sync::config::{Config, Env};
use dinamize_sync::db::DbPool;
use dinamize_sync::http::AppState;
use dinamize_sync::startup::Application;
use dinamize_sync::sync::SharedHandler;
use serde_json::Value;

use super::common::{TestApp, spawn_app_with};

/// The sync settings every test starts from: quick retries, polls and ticks; a 1 s limiter
/// window that lets 600 requests through, matched by the simulator.
pub fn fast(env: Env) -> Env {
    env.with("SYNC_BACKOFF_BASE_MS", "50")
        .with("SYNC_POLL_INTERVAL_MS", "100")
        .with("SYNC_TICK_MS", "100")
        .with("DINAMIZE_RATE_LIMIT_WINDOW_MS", "1000")
        .with("DINAMIZE_RATE_LIMIT_PER_MINUTE", "600")
}

/// A service with [`fast`] settings (then `customize`) and the simulator's limit matched.
pub async fn sync_app(customize: impl FnOnce(Env) -> Env) -> TestApp {
    let app = spawn_app_with(|env| customize(fast(env))).await;
    app.sim()
        .state()
        .set_rate_limit(600, Duration::from_secs(1));
    app
}

/// Runs `sql` (no result).
pub async fn exec(db: &DbPool, sql: &str) {
    let mut conn = db.get().await.unwrap();
    diesel::sql_query(sql).execute(&mut conn).await.unwrap();
}

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The one number `sql` selects as `n`.
pub async fn number(db: &DbPool, sql: &str) -> i64 {
    let mut conn = db.get().await.unwrap();
    let rows: Vec<Number> = diesel::sql_query(sql).load(&mut conn).await.unwrap();
    rows[0].n
}

/// Inserts a lead with plain SQL, as the CRM does; its id.
pub async fn insert_lead(db: &DbPool, company: i64, email: &str, name: &str) -> i64 {
    number(
        db,
        &format!(
            "INSERT INTO crm_leads (company_id, email, name) \
             VALUES ({company}, '{email}', '{name}') RETURNING id AS n"
        ),
    )
    .await
}

/// A job as the tests read it.
#[derive(Debug, Clone, QueryableByName)]
pub struct JobRow {
    #[diesel(sql_type = Text)]
    pub operation: String,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Int4)]
    pub attempts: i32,
    #[diesel(sql_type = Nullable<Text>)]
    pub last_error: Option<String>,
}

/// Every job, oldest first.
pub async fn jobs(db: &DbPool) -> Vec<JobRow> {
    let mut conn = db.get().await.unwrap();
    diesel::sql_query(
        "SELECT operation, status, attempts, last_error FROM crm_sync_queue ORDER BY id",
    )
    .load(&mut conn)
    .await
    .unwrap()
}

/// A lead's sync row as the tests read it.
#[derive(Debug, Clone, QueryableByName)]
pub struct SyncRow {
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub contact_code: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub last_error: Option<String>,
}

/// Lead `lead_id`'s sync row.
pub async fn sync_row(db: &DbPool, lead_id: i64) -> SyncRow {
    let mut conn = db.get().await.unwrap();
    let mut rows: Vec<SyncRow> = diesel::sql_query(format!(
        "SELECT status, contact_code, last_error FROM crm_lead_sync WHERE lead_id = {lead_id}"
    ))
    .load(&mut conn)
    .await
    .unwrap();
    rows.pop().expect("the lead has a sync row")
}

/// Polls `done` until it holds, failing the test after `secs` seconds.
pub async fn wait_for<F, Fut>(what: &str, secs: u64, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !done().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until no job is queued or running.
pub async fn drained(db: &DbPool, secs: u64) {
    wait_for("the queue to drain", secs, || async {
        number(
            db,
            "SELECT count(*) AS n FROM crm_sync_queue WHERE status IN ('queued', 'processing')",
        )
        .await
            == 0
    })
    .await;
}

/// The contacts of list 1 of the default account, as the simulator holds them.
pub fn contacts(app: &TestApp) -> Vec<Value> {
    let state = app.sim().state();
    state.contacts(&state.default_client_code(), 1)
}

/// The contact with `email` in list 1, if the simulator holds it.
pub fn contact(app: &TestApp, email: &str) -> Option<Value> {
    contacts(app).into_iter().find(|c| c["email"] == email)
}

/// How many requests the simulator received on `path`.
pub fn requests(app: &TestApp, path: &str) -> usize {
    app.sim_requests(path).len()
}

/// A further instance of the service, running in this test.
pub struct Instance {
    pub state: AppState,
    /// `http://127.0.0.1:<port>`.
    pub address: String,
}

/// Another instance of the service on the same database, Redis and simulator as `app`, with
/// `customize` applied to its environment (and its sync handler wrapped by `wrap`).
pub async fn second_instance(
    app: &TestApp,
    customize: impl FnOnce(Env) -> Env,
    wrap: impl FnOnce(SharedHandler) -> SharedHandler,
) -> Instance {
    let env = customize(
        app.ctx
            .env
            .clone()
            .with("DINAMIZE_API_BASE_URL", app.sim().base_url())
            // Pointed at the first instance's simulator, this one needs the secrets set:
            // the same development values the first one uses, so it reads what it stored.
            .with("JWT_SECRET", "dev-only-jwt-secret-never-in-production")
            .with("ENCRYPT_TOKEN_KEY", "dev-only-key-never-in-production"),
    );
    let config = Config::from_vars(&env).expect("valid configuration");
    let instance = Application::build_with(config, wrap)
        .await
        .expect("the second instance starts");
    let state = instance.state().clone();
    let address = format!("http://127.0.0.1:{}", instance.port());
    actix_web::rt::spawn(instance.run_until_stopped());
    Instance { state, address }
}

/// Inserts `n` leads of company 1 in one statement (`<prefix><i>@example.com`).
pub async fn insert_leads(db: &DbPool, prefix: &str, n: u32) {
    exec(
        db,
        &format!(
            "INSERT INTO crm_leads (company_id, email, name) \
             SELECT 1, '{prefix}' || g || '@example.com', '{prefix}' \
             FROM generate_series(1, {n}) g"
        ),
    )
    .await;
}

/// How many jobs have `status`.
pub async fn jobs_in(db: &DbPool, status: &str) -> i64 {
    number(
        db,
        &format!("SELECT count(*) AS n FROM crm_sync_queue WHERE status = '{status}'"),
    )
    .await
}

/// Waits until `n` jobs have `status`, at most `secs` seconds.
pub async fn until_jobs(db: &DbPool, status: &str, n: i64, secs: u64) {
    wait_for(&format!("{n} jobs {status}"), secs, || async {
        jobs_in(db, status).await >= n
    })
    .await;
}
