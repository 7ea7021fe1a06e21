//! A backfill whose worker dies in the middle is finished by another instance without a
//! second contact for anyone, and leads changed while it goes reach Dinamize afterwards with
//! their latest state.

use std::time::Duration;

use serde_json::json;

use super::helpers::{
    backfiller, codes_matching, distinct_contacts, finished, idle_app, phase_is, workers,
};
use super::ops::start_run;
use super::support::{contact, drained, exec, insert_leads, number, requests, wait_for};

#[actix_web::test]
async fn a_backfill_killed_in_the_middle_is_finished_elsewhere_without_duplicates() {
    let app = idle_app(10).await;
    insert_leads(&app.state.db, "k", 30).await;
    let id = start_run(&app, "backfill", false).await;
    // This test's own loop sends the first chunk, then waits for its import (a 10 min poll):
    // it is killed there.
    let mine = backfiller(&app, 10, Duration::from_secs(600));
    let task = actix_web::rt::spawn(async move { mine.work_one().await });
    wait_for("the first import", 30, || phase_is(&app, id, "import")).await;
    task.abort();
    // As if the process had died between sending the import and recording it: the chunk is
    // sent again by whoever resumes.
    exec(
        &app.state.db,
        &format!("UPDATE crm_sync_runs SET import_code = NULL, phase = 'export' WHERE id = {id}"),
    )
    .await;
    assert_eq!(requests(&app, "/emkt/contact"), 1);

    let _workers = workers(&app).await;
    let run = finished(&app, id).await;
    assert_eq!(
        (&run["done"], &run["failed"]),
        (&json!(30), &json!(0)),
        "{run}"
    );
    assert_eq!(
        requests(&app, "/emkt/contact"),
        4,
        "the first chunk went twice"
    );
    assert_eq!(distinct_contacts(&app), (30, 30), "no contact twice");
    assert_eq!(codes_matching(&app).await, 30);
}

#[actix_web::test]
async fn leads_changed_during_the_backfill_are_sent_afterwards_with_their_latest_state() {
    let app = idle_app(10).await;
    insert_leads(&app.state.db, "d", 20).await;
    let id = start_run(&app, "backfill", false).await;
    let mine = backfiller(&app, 10, Duration::from_secs(600));
    let task = actix_web::rt::spawn(async move { mine.work_one().await });
    wait_for("the first import", 30, || phase_is(&app, id, "import")).await;
    // d1 was exported in the first chunk; d15 is in the second, not yet exported; a new lead
    // appears; both changes are captured while the run goes.
    exec(
        &app.state.db,
        "UPDATE crm_leads SET name = 'First' WHERE email = 'd1@example.com'",
    )
    .await;
    exec(
        &app.state.db,
        "UPDATE crm_leads SET name = 'Latest' WHERE email = 'd1@example.com'",
    )
    .await;
    exec(
        &app.state.db,
        "UPDATE crm_leads SET name = 'Early' WHERE email = 'd15@example.com'",
    )
    .await;
    let held = "SELECT count(*) AS n FROM crm_sync_queue \
                WHERE status = 'queued' AND next_attempt_at > '9000-01-01'";
    assert_eq!(
        number(&app.state.db, held).await,
        2,
        "the changes' jobs wait for the run"
    );
    task.abort();

    let _workers = workers(&app).await;
    finished(&app, id).await;
    wait_for("d1's latest state in Dinamize", 30, || async {
        contact(&app, "d1@example.com").is_some_and(|c| c["name"] == "Latest")
    })
    .await;
    drained(&app.state.db, 30).await;
    assert_eq!(contact(&app, "d15@example.com").unwrap()["name"], "Early");
    assert_eq!(
        requests(&app, "/emkt/contact/update"),
        1,
        "only d1 changed after its export"
    );
    assert_eq!(requests(&app, "/emkt/contact/add"), 0);
    assert_eq!(distinct_contacts(&app), (20, 20));
    assert_eq!(codes_matching(&app).await, 20);
}
