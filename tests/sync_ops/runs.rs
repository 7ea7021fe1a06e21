//! Resync runs: a dry run equals what the real run then does, a run started with no worker
//! anywhere is finished by an instance started later, and one run per company at a time.

use std::time::Duration;

use serde_json::json;

use super::common::TestApp;
use super::ops::{error_code, error_details, get, post, start_run};
use super::support::{drained, exec, insert_lead, number, second_instance, sync_app, wait_for};

/// Waits until run `id` is finished; the run.
async fn finished(app: &TestApp, id: i64) -> serde_json::Value {
    let path = format!("/api/dinamize/sync/runs/{id}");
    wait_for("the run to finish", 30, || async {
        get(app, &path).await.1["status"] == "finished"
    })
    .await;
    get(app, &path).await.1
}

/// Log lines of run `id`'s jobs whose detail starts with `prefix`.
async fn logged(app: &TestApp, id: i64, prefix: &str) -> i64 {
    number(
        &app.state.db,
        &format!(
            "SELECT count(*) AS n FROM crm_sync_logs l JOIN crm_sync_queue q ON q.id = l.queue_id \
             WHERE q.run_id = {id} AND l.success AND l.detail LIKE '{prefix}%'"
        ),
    )
    .await
}

#[actix_web::test]
async fn a_dry_run_counts_exactly_what_the_real_run_then_does() {
    let app = sync_app(|env| env).await;
    let db = &app.state.db;
    let changed = insert_lead(db, 1, "changed@example.com", "Before").await;
    insert_lead(db, 1, "same@example.com", "Same").await;
    drained(db, 30).await;
    // No worker from here on: what follows waits in the queue.
    let sync = app.state.sync.as_ref().unwrap();
    sync.shutdown(Duration::from_secs(1)).await;
    exec(
        db,
        &format!("UPDATE crm_leads SET name = 'After', updated_at = now() WHERE id = {changed}"),
    )
    .await;
    insert_lead(db, 1, "new1@example.com", "N1").await;
    insert_lead(db, 1, "new2@example.com", "N2").await;
    let bad = insert_lead(db, 1, "not-an-address", "Bad").await;

    let before = requests_made(&app);
    let dry = start_run(&app, "full", true).await;
    let (_, dry) = get(&app, &format!("/api/dinamize/sync/runs/{dry}")).await;
    assert_eq!(dry["status"], "finished");
    assert_eq!(dry["total"], 5);
    let would = &dry["would"];
    assert_eq!(
        (
            &would["create"],
            &would["update"],
            &would["delete"],
            &would["unchanged"],
            &would["invalid"]
        ),
        (&json!(2), &json!(1), &json!(0), &json!(1), &json!(1)),
        "{dry}"
    );
    assert_eq!(would["invalid_leads"][0]["lead_id"], bad);
    assert_eq!(requests_made(&app), before, "a dry run sends nothing");

    let real = start_run(&app, "full", false).await;
    let _worker = second_instance(&app, |env| env, |handler| handler).await;
    let run = finished(&app, real).await;
    assert_eq!(
        (&run["total"], &run["done"], &run["failed"]),
        (&json!(5), &json!(4), &json!(1))
    );
    assert_eq!(logged(&app, real, "created contact").await, 2);
    assert_eq!(logged(&app, real, "updated contact").await, 1);
    assert_eq!(logged(&app, real, "nothing changed").await, 1);
    assert!(run["would"].is_null());
}

fn requests_made(app: &TestApp) -> usize {
    app.sim()
        .state()
        .journal()
        .iter()
        .filter(|e| e.path.starts_with("/emkt/contact"))
        .count()
}

#[actix_web::test]
async fn a_run_started_where_no_worker_runs_is_finished_by_an_instance_started_later() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    for i in 0..6 {
        insert_lead(&app.state.db, 1, &format!("r{i}@example.com"), "R").await;
    }
    let id = start_run(&app, "incremental", false).await;
    let (_, run) = get(&app, &format!("/api/dinamize/sync/runs/{id}")).await;
    assert_eq!(
        (&run["status"], &run["total"], &run["done"]),
        (&json!("running"), &json!(6), &json!(0))
    );
    let tagged = format!("SELECT count(*) AS n FROM crm_sync_queue WHERE run_id = {id}");
    assert_eq!(
        number(&app.state.db, &tagged).await,
        6,
        "every job carries the run"
    );
    // The service "restarts": another instance, with workers, on the same database.
    let _worker = second_instance(&app, |env| env.with("SYNC_ENABLED", "true"), |h| h).await;
    let run = finished(&app, id).await;
    assert_eq!((&run["done"], &run["failed"]), (&json!(6), &json!(0)));
    assert!(run["finished_at"].is_string());
    let (_, page) = get(&app, "/api/dinamize/sync/runs").await;
    assert_eq!(page["pagination"]["total"], 1);
    assert_eq!(page["items"][0]["id"], id);
}

#[actix_web::test]
async fn a_second_run_of_a_company_is_refused_naming_the_running_one() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    insert_lead(&app.state.db, 1, "c@example.com", "C").await;
    let body = json!({"mode": "full"});
    let path = "/api/dinamize/sync/runs";
    let (a, b) = tokio::join!(
        post(&app, path, body.clone()),
        post(&app, path, body.clone())
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [202, 409], "{a:?} {b:?}");
    let (started, refused) = if a.0 == 202 { (a.1, b.1) } else { (b.1, a.1) };
    assert_eq!(error_code(&refused), "run_in_progress");
    assert_eq!(error_details(&refused)["running_run_id"], started["id"]);
    // A dry run is still allowed: it sends nothing.
    let (status, _) = post(&app, path, json!({"mode": "full", "dry_run": true})).await;
    assert_eq!(status, 202);
    let (status, bad) = post(&app, path, json!({"mode": "everything", "dry_run": "yes"})).await;
    assert_eq!(status, 400);
    assert_eq!(super::common::error_fields(&bad), ["mode", "dry_run"]);
    let (status, other) = get(&app, "/api/dinamize/sync/runs/999999").await;
    assert_eq!((status, error_code(&other)), (404, "not_found"));
}
