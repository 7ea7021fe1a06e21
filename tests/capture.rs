//! `dinamize-sync capture`: a trigger installed on the CRM's own leads table (shaped like its
//! `dwu_`-prefixed SQL model, and like its camelCase model) copies plain-SQL writes into the
//! service's leads, which reach the simulator; `check` lists it; `uninstall` removes it.

mod common;

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{TestApp, spawn_app_with};
use diesel::QueryableByName;
use diesel::sql_types::BigInt;
use diesel_async::{RunQueryDsl, SimpleAsyncConnection};

/// The binary, with only the database it is told (nothing from the machine or a `.env`).
fn capture(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dinamize-sync"))
        .env_clear()
        .current_dir(std::env::temp_dir())
        .env("DATABASE_URL", app.ctx.database_url())
        .env("RUST_LOG", "warn")
        .arg("capture")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

async fn sql(app: &TestApp, sql: &str) {
    let mut conn = app.state.db.get().await.unwrap();
    conn.batch_execute(sql).await.unwrap();
}

#[derive(QueryableByName)]
struct Job {
    #[diesel(sql_type = diesel::sql_types::Text)]
    row: String,
}

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let mut conn = app.state.db.get().await.unwrap();
    let rows: Vec<N> = diesel::sql_query(sql).load(&mut conn).await.unwrap();
    rows[0].n
}

/// Polls until the simulator's list 1 holds exactly `emails` (by e-mail → name).
async fn list_becomes(app: &TestApp, expected: &[(&str, &str)]) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let state = app.sim().state();
        let mut got: Vec<(String, String)> = state
            .contacts(&state.default_client_code(), 1)
            .into_iter()
            .map(|c| {
                (
                    c["email"].as_str().unwrap_or_default().to_owned(),
                    c["name"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        got.sort();
        let mut want: Vec<(String, String)> = expected
            .iter()
            .map(|(e, n)| (e.to_string(), n.to_string()))
            .collect();
        want.sort();
        if got == want {
            return;
        }
        if Instant::now() >= deadline {
            let mut conn = app.state.db.get().await.unwrap();
            let jobs: Vec<Job> = diesel::sql_query(
                "SELECT q.status || ' ' || coalesce(q.last_error, '') || ' ' || l.email AS row \
                 FROM crm_sync_queue q JOIN crm_leads l ON l.id = q.lead_id",
            )
            .load(&mut conn)
            .await
            .unwrap();
            let jobs: Vec<String> = jobs.into_iter().map(|j| j.row).collect();
            panic!("list holds {got:?}, expected {want:?}; jobs: {jobs:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[actix_web::test]
async fn captured_crm_tables_of_both_shapes_reach_the_simulator_and_uninstall_stops_it() {
    let app = spawn_app_with(|env| {
        env.with("SYNC_POLL_INTERVAL_MS", "50")
            .with("DINAMIZE_RATE_LIMIT_WINDOW_MS", "1000")
            .with("DINAMIZE_RATE_LIMIT_PER_MINUTE", "600")
    })
    .await;
    app.sim()
        .state()
        .set_rate_limit(600, Duration::from_secs(1));
    sql(
        &app,
        "CREATE SCHEMA crm; \
         CREATE TABLE crm.crm_leads (dwu_id SERIAL PRIMARY KEY, dwu_company_id INTEGER NOT NULL, \
             dwu_email VARCHAR(255), dwu_name VARCHAR(255), dwu_phone VARCHAR(50), \
             dwu_segment VARCHAR(50), dwu_deleted_at TIMESTAMP); \
         CREATE SCHEMA crm_next; \
         CREATE TABLE crm_next.crm_leads (\"id\" SERIAL PRIMARY KEY, \"companyId\" INTEGER NOT NULL, \
             \"email\" TEXT, \"fullName\" TEXT, \"deletedAt\" TIMESTAMP(3)); \
         INSERT INTO crm.crm_leads (dwu_company_id, dwu_email, dwu_name) \
             VALUES (1, 'before@example.com', 'Before');",
    )
    .await;

    ok(capture(
        &app,
        &[
            "install",
            "--table",
            "crm.crm_leads",
            "--columns",
            "id=dwu_id,company=dwu_company_id,email=dwu_email,name=dwu_name,phone=dwu_phone,deleted_at=dwu_deleted_at",
            "--custom",
            "segment=dwu_segment",
            "--copy-existing",
        ],
    ));
    ok(capture(
        &app,
        &[
            "install",
            "--table",
            "crm_next.crm_leads",
            "--columns",
            "id=id,company=companyId,email=email,name=fullName,deleted_at=deletedAt",
        ],
    ));
    let listed = ok(capture(&app, &["check"]));
    assert!(listed.contains("crm.crm_leads (enabled)"), "{listed}");
    assert!(listed.contains("crm_next.crm_leads (enabled)"), "{listed}");
    assert!(listed.contains("\"company\":\"companyId\""), "{listed}");

    sql(
        &app,
        "INSERT INTO crm.crm_leads (dwu_company_id, dwu_email, dwu_name, dwu_segment) \
             VALUES (1, 'dwu@example.com', 'Dwu', 'retail'); \
         INSERT INTO crm_next.crm_leads (\"companyId\", \"email\", \"fullName\") \
             VALUES (1, 'camel@example.com', 'Camel'), (1, 'gone@example.com', 'Gone');",
    )
    .await;
    list_becomes(
        &app,
        &[
            ("before@example.com", "Before"),
            ("dwu@example.com", "Dwu"),
            ("camel@example.com", "Camel"),
            ("gone@example.com", "Gone"),
        ],
    )
    .await;

    sql(
        &app,
        "UPDATE crm.crm_leads SET dwu_name = 'Dwu Renamed' WHERE dwu_email = 'dwu@example.com'; \
         UPDATE crm.crm_leads SET dwu_deleted_at = now() WHERE dwu_email = 'before@example.com'; \
         DELETE FROM crm_next.crm_leads WHERE \"email\" = 'gone@example.com';",
    )
    .await;
    list_becomes(
        &app,
        &[
            ("dwu@example.com", "Dwu Renamed"),
            ("camel@example.com", "Camel"),
        ],
    )
    .await;

    ok(capture(
        &app,
        &["uninstall", "--table", "crm_next.crm_leads"],
    ));
    let listed = ok(capture(&app, &["check"]));
    assert!(!listed.contains("crm_next"), "{listed}");
    let before = count(&app, "SELECT count(*) AS n FROM crm_leads").await;
    sql(
        &app,
        "INSERT INTO crm_next.crm_leads (\"companyId\", \"email\") VALUES (1, 'late@example.com')",
    )
    .await;
    assert_eq!(
        count(&app, "SELECT count(*) AS n FROM crm_leads").await,
        before
    );
}

#[actix_web::test]
async fn a_mapping_that_is_not_plain_identifiers_is_refused_with_exit_code_2() {
    let app = spawn_app_with(|env| env.with("SYNC_ENABLED", "false")).await;
    let output = capture(
        &app,
        &[
            "install",
            "--table",
            "crm.crm_leads",
            "--columns",
            "id=id,company=company,email=email\"; DROP TABLE crm_leads; --",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a plain SQL identifier"));
}
