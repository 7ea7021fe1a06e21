//! What the backfill tests share: a service whose workers are off (so nothing leaves the
//! queue unless a test says so), a run followed to its end, and the simulator's contacts.

use std::collections::HashSet;
use std::time::Duration;

use dinamize_sync::config::{Env, ImportConfig};
use dinamize_sync::sync::backfill::Backfiller;
use serde_json::Value;

use super::common::TestApp;
use super::ops::get;
use super::support::{Instance, contacts, number, second_instance, sync_app, wait_for};

/// A service with fast settings, chunks of `chunk_rows` leads and no sync workers of its own
/// (no backfill loop either): leads inserted stay queued until a test starts workers.
pub async fn idle_app(chunk_rows: u32) -> TestApp {
    idle_app_with(chunk_rows, |env| env).await
}

/// [`idle_app`], with `customize` applied to its environment last.
pub async fn idle_app_with(chunk_rows: u32, customize: impl FnOnce(Env) -> Env) -> TestApp {
    sync_app(|env| {
        customize(
            env.with("SYNC_ENABLED", "false")
                .with("SYNC_IMPORT_CHUNK_ROWS", chunk_rows.to_string())
                .with("SYNC_IMPORT_POLL_MS", "20")
                .with("SYNC_LEASE_SECS", "1"),
        )
    })
    .await
}

/// Another instance with workers (and the backfill loop) on the same database and simulator.
pub async fn workers(app: &TestApp) -> Instance {
    second_instance(
        app,
        |env| {
            env.with("SYNC_ENABLED", "true")
                .with("SYNC_IMPORT_POLL_MS", "20")
        },
        |handler| handler,
    )
    .await
}

/// Waits until run `id` is finished; the run as the API shows it.
pub async fn finished(app: &TestApp, id: i64) -> Value {
    let path = format!("/api/dinamize/sync/runs/{id}");
    wait_for("the backfill to finish", 60, || async {
        get(app, &path).await.1["status"] == "finished"
    })
    .await;
    get(app, &path).await.1
}

/// The number of distinct e-mails among the simulator's contacts, and of contacts.
pub fn distinct_contacts(app: &TestApp) -> (usize, usize) {
    let all = contacts(app);
    let emails: HashSet<String> = all
        .iter()
        .map(|c| c["email"].as_str().unwrap_or_default().to_lowercase())
        .collect();
    (emails.len(), all.len())
}

/// Leads of company 1 whose stored code is the code of the simulator's contact with their
/// e-mail.
pub async fn codes_matching(app: &TestApp) -> usize {
    let mut matching = 0;
    for contact in contacts(app) {
        let (email, code) = (&contact["email"], &contact["code"]);
        let sql = format!(
            "SELECT count(*) AS n FROM crm_lead_sync s JOIN crm_leads l ON l.id = s.lead_id \
             WHERE lower(l.email) = lower('{}') AND s.contact_code = '{}' AND s.status = 'synced'",
            email.as_str().unwrap_or_default(),
            code.as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| code.to_string())
        );
        matching += number(&app.state.db, &sql).await as usize;
    }
    matching
}

/// A backfill loop of this test's own (on `app`), polling imports every `poll`.
pub fn backfiller(app: &TestApp, chunk_rows: u32, poll: Duration) -> Backfiller {
    Backfiller::new(
        app.state.db.clone(),
        app.state.actors.api_client.clone(),
        ImportConfig {
            chunk_rows,
            threshold: 0,
            poll,
        },
        Duration::from_secs(1),
    )
}

/// The run's phase, straight from PostgreSQL.
pub async fn phase_is(app: &TestApp, id: i64, phase: &str) -> bool {
    number(
        &app.state.db,
        &format!("SELECT count(*) AS n FROM crm_sync_runs WHERE id = {id} AND phase = '{phase}'"),
    )
    .await
        == 1
}
