//! A backfill from start to end: imports, codes stored, then the queue's usual updates; rows
//! Dinamize refuses; the dry run; one run per company; a big full run taking this path.

use serde_json::json;

use super::common::TestApp;
use super::helpers::{
    codes_matching, distinct_contacts, finished, idle_app, idle_app_with, workers,
};
use super::ops::{error_code, error_details, get, post, start_run};
use super::support::{
    contact, drained, exec, insert_lead, insert_leads, requests, sync_row, wait_for,
};

fn imports(app: &TestApp) -> usize {
    requests(app, "/emkt/contact")
}

#[actix_web::test]
async fn a_backfill_imports_every_lead_in_chunks_then_changes_become_updates() {
    let app = idle_app(20).await;
    insert_leads(&app.state.db, "b", 50).await;
    let id = start_run(&app, "backfill", false).await;
    let (_, run) = get(&app, &format!("/api/dinamize/sync/runs/{id}")).await;
    assert_eq!(run["mode"], "backfill");
    assert_eq!(run["import"]["phase"], "export", "{run}");
    assert_eq!(run["import"]["imports_total"], 3);

    let _workers = workers(&app).await;
    let run = finished(&app, id).await;
    assert_eq!(
        (&run["total"], &run["done"], &run["failed"]),
        (&json!(50), &json!(50), &json!(0)),
        "{run}"
    );
    assert_eq!(run["import"]["step"], "finished");
    assert_eq!(run["import"]["imports_done"], 3);
    assert!(run["import"]["error"].is_null());
    assert_eq!(imports(&app), 3, "one import per chunk of 20");
    assert_eq!(requests(&app, "/emkt/contact/add"), 0);
    assert_eq!(distinct_contacts(&app), (50, 50));
    assert_eq!(codes_matching(&app).await, 50, "every code stored");
    drained(&app.state.db, 30).await;
    assert_eq!(
        requests(&app, "/emkt/contact/update"),
        0,
        "unchanged leads make no call"
    );

    exec(
        &app.state.db,
        "UPDATE crm_leads SET name = 'Renamed' WHERE email = 'b7@example.com'",
    )
    .await;
    wait_for("the change to reach Dinamize", 30, || async {
        contact(&app, "b7@example.com").is_some_and(|c| c["name"] == "Renamed")
    })
    .await;
    drained(&app.state.db, 30).await;
    assert_eq!(
        requests(&app, "/emkt/contact/update"),
        1,
        "the change is an update"
    );
    assert_eq!(requests(&app, "/emkt/contact/add"), 0);
    assert_eq!(
        requests(&app, "/emkt/contact/search"),
        1,
        "the read-back: one page"
    );
    assert_eq!(distinct_contacts(&app), (50, 50));
}

#[actix_web::test]
async fn rows_dinamize_refuses_are_failed_on_their_lead_with_the_reason() {
    let app = idle_app(100).await;
    insert_leads(&app.state.db, "ok", 3).await;
    let bad = insert_lead(&app.state.db, 1, "not-an-address", "Bad").await;

    let dry = start_run(&app, "backfill", true).await;
    let (_, dry) = get(&app, &format!("/api/dinamize/sync/runs/{dry}")).await;
    assert_eq!(dry["total"], 4);
    assert_eq!(dry["would"]["invalid"], 1, "{dry}");
    assert_eq!(dry["would"]["invalid_leads"][0]["lead_id"], bad);

    let id = start_run(&app, "backfill", false).await;
    let _workers = workers(&app).await;
    let run = finished(&app, id).await;
    assert_eq!(
        (&run["done"], &run["failed"]),
        (&json!(3), &json!(1)),
        "{run}"
    );
    let row = sync_row(&app.state.db, bad).await;
    assert_eq!(row.status, "failed");
    let error = row.last_error.unwrap_or_default();
    assert!(error.contains("invalid e-mail"), "{error}");
    assert_eq!(distinct_contacts(&app), (3, 3));
}

#[actix_web::test]
async fn a_second_run_while_a_backfill_goes_is_refused() {
    let app = idle_app(100).await;
    insert_leads(&app.state.db, "c", 2).await;
    let id = start_run(&app, "backfill", false).await;
    for mode in ["backfill", "full", "incremental"] {
        let body = json!({"mode": mode});
        let (status, answer) = post(&app, "/api/dinamize/sync/runs", body).await;
        assert_eq!(status, 409, "{answer}");
        assert_eq!(error_code(&answer), "run_in_progress");
        assert_eq!(error_details(&answer)["running_run_id"], id);
    }
}

#[actix_web::test]
async fn a_full_run_past_the_threshold_goes_through_the_import() {
    let app = idle_app_with(100, |env| env.with("SYNC_IMPORT_THRESHOLD", "3")).await;
    insert_leads(&app.state.db, "f", 4).await;
    let id = start_run(&app, "full", false).await;
    let (_, run) = get(&app, &format!("/api/dinamize/sync/runs/{id}")).await;
    assert_eq!(run["mode"], "full");
    assert_eq!(run["import"]["phase"], "export", "{run}");
    let _workers = workers(&app).await;
    let run = finished(&app, id).await;
    assert_eq!(run["done"], 4);
    assert_eq!(imports(&app), 1);
}
