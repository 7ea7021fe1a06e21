//! Retrying one failed job and every failed job: fresh attempts, the one-live-job-per-lead
//! rule, and the jobs really running afterwards.

use serde_json::json;

use super::ops::{error_code, error_details, post};
use super::support::{drained, exec, insert_lead, number, second_instance, sync_app};

#[actix_web::test]
async fn failed_jobs_are_put_back_with_fresh_attempts_one_or_all_unless_superseded() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    let db = &app.state.db;
    let one = insert_lead(db, 1, "one@example.com", "One").await;
    let two = insert_lead(db, 1, "two@example.com", "Two").await;
    let three = insert_lead(db, 1, "three@example.com", "Three").await;
    exec(
        db,
        "UPDATE crm_sync_queue SET status = 'failed', attempts = 4, completed_at = now(), \
        last_error = 'HTTP 500'",
    )
    .await;
    // Lead three changes again: a new live job next to its failed one.
    exec(
        db,
        &format!("UPDATE crm_leads SET name = 'Three again' WHERE id = {three}"),
    )
    .await;
    let job_of = |lead: i64, status: &str| {
        format!("SELECT id AS n FROM crm_sync_queue WHERE lead_id = {lead} AND status = '{status}'")
    };
    let failed_one = number(db, &job_of(one, "failed")).await;
    let failed_three = number(db, &job_of(three, "failed")).await;
    let live_three = number(db, &job_of(three, "queued")).await;

    let (status, job) = post(
        &app,
        &format!("/api/dinamize/sync/jobs/{failed_one}/retry"),
        json!({}),
    )
    .await;
    assert_eq!(status, 202, "{job}");
    assert_eq!(
        (&job["status"], &job["attempts"]),
        (&json!("queued"), &json!(0))
    );
    let (status, again) = post(
        &app,
        &format!("/api/dinamize/sync/jobs/{failed_one}/retry"),
        json!({}),
    )
    .await;
    assert_eq!((status, error_code(&again)), (409, "not_failed"));
    let (status, superseded) = post(
        &app,
        &format!("/api/dinamize/sync/jobs/{failed_three}/retry"),
        json!({}),
    )
    .await;
    assert_eq!((status, error_code(&superseded)), (409, "superseded"));
    assert_eq!(error_details(&superseded)["live_job_id"], live_three);

    let (status, all) = post(&app, "/api/dinamize/sync/jobs/retry-failed", json!({})).await;
    assert_eq!(status, 202);
    assert_eq!(
        all,
        json!({"requeued": 1, "skipped": 1}),
        "lead two's job back, three's left"
    );
    let queued_two = number(db, &job_of(two, "queued")).await;
    assert!(queued_two > 0);

    let _worker = second_instance(&app, |env| env.with("SYNC_ENABLED", "true"), |h| h).await;
    drained(db, 30).await;
    for email in ["one@example.com", "two@example.com", "three@example.com"] {
        assert!(
            super::support::contact(&app, email).is_some(),
            "{email} reached Dinamize"
        );
    }
    let still_failed = "SELECT count(*) AS n FROM crm_sync_queue WHERE status = 'failed'";
    assert_eq!(
        number(db, still_failed).await,
        1,
        "only the superseded job stays failed"
    );
}
