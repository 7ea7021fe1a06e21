//! A lead's write that PostgreSQL aborts as a deadlock victim runs again instead of answering
//! 503: its capture trigger locks the lead's sync row, then its job, while a worker recording
//! a run locks the job, then the sync row.

use std::time::{Duration, Instant};

use diesel::sql_types::BigInt;
use diesel_async::{RunQueryDsl, SimpleAsyncConnection};
use dinamize_sync::auth::Role;
use dinamize_sync::db::deadlock::is_deadlock;
use serde_json::{Value, json};

use super::common::TestApp;
use super::support::{app, create, get_json, id_of};

/// Backends of the test's database waiting for a row lock.
async fn waiting_for_a_lock(app: &TestApp) -> i64 {
    let mut conn = app.ctx.db.get().await.unwrap();
    diesel::select(diesel::dsl::sql::<BigInt>(
        "(SELECT count(*) FROM pg_stat_activity \
          WHERE datname = current_database() AND wait_event_type = 'Lock')",
    ))
    .get_result(&mut conn)
    .await
    .unwrap()
}

#[actix_web::test]
async fn a_patch_aborted_as_a_deadlock_victim_runs_again() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let id = id_of(&create(&app, &token, &json!({"email": "d@example.com"})).await);

    // A worker recording a run: the job's row first.
    let mut worker = app.ctx.db.get().await.unwrap();
    // Its own deadlock check waits 5 s, so that the PATCH's (1 s) finds the cycle first.
    let job = format!(
        "BEGIN; SET LOCAL deadlock_timeout = '5s'; \
         UPDATE crm_sync_queue SET updated_at = now() WHERE lead_id = {id}"
    );
    worker.batch_execute(&job).await.unwrap();

    // The PATCH's trigger takes the sync row, then waits for the job's row.
    let (http, url) = (app.http.clone(), format!("{}/api/leads/{id}", app.address));
    let bearer = token.clone();
    let patching = actix_web::rt::spawn(async move {
        let response = http
            .patch(url)
            .bearer_auth(bearer)
            .json(&json!({"name": "New"}))
            .send()
            .await
            .unwrap();
        (
            response.status().as_u16(),
            response.json::<Value>().await.unwrap(),
        )
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    while waiting_for_a_lock(&app).await == 0 {
        assert!(
            Instant::now() < deadline,
            "the PATCH never waited for the job"
        );
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }

    // The worker now wants the sync row: a deadlock. The PATCH, checked first, is aborted;
    // the worker goes on and commits. (On a machine so slow that the PATCH's check ran before
    // the cycle closed, the worker is the victim instead: it rolls back, and the PATCH must
    // still succeed.)
    let sync = format!("UPDATE crm_lead_sync SET updated_at = now() WHERE lead_id = {id}; COMMIT");
    if let Err(error) = worker.batch_execute(&sync).await {
        assert!(is_deadlock(&error), "{error}");
        worker.batch_execute("ROLLBACK").await.unwrap();
    }

    let (status, answer) = patching.await.unwrap();
    assert_eq!(status, 200, "run again, not 503: {answer}");
    assert_eq!(answer["name"], "New");
    let path = format!("/api/leads/{id}");
    assert_eq!(get_json(&app, &path, &token).await["name"], "New");
}
