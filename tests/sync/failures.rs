//! Failures and their retries: transient errors back off and end failed, refusals fail at
//! once, a 240024 storm spends no attempt, an expired token costs no attempt, and a create
//! whose answer was lost leaves one contact.

use std::time::Duration;

use serde_json::json;

use super::support::*;

fn faults(app: &super::common::TestApp, patch: serde_json::Value) {
    app.sim()
        .state()
        .patch_faults(serde_json::from_value(patch).unwrap())
        .unwrap();
}

#[actix_web::test]
async fn transient_errors_retry_with_backoff_then_the_job_fails_with_every_attempt_logged() {
    let app = sync_app(|env| env).await;
    let db = &app.state.db;
    // A first lead logs in; then every request fails with a code Dinamize does not publish.
    insert_lead(db, 1, "fine@example.com", "Fine").await;
    drained(db, 20).await;
    faults(&app, json!({"error_rate": 1.0}));
    let id = insert_lead(db, 1, "flaky@example.com", "Flaky").await;
    drained(db, 30).await;
    let job = &jobs(db).await[1];
    assert_eq!(
        (job.status.as_str(), job.attempts),
        ("failed", 4),
        "{job:?}"
    );
    assert!(job.last_error.as_ref().unwrap().contains("999999"));
    let categories: Vec<String> = {
        use diesel_async::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct C {
            #[diesel(sql_type = diesel::sql_types::Text)]
            c: String,
        }
        let mut conn = db.get().await.unwrap();
        let rows: Vec<C> = diesel::sql_query(
            "SELECT coalesce(category, '-') || ' ' || coalesce(detail, '') AS c \
             FROM crm_sync_logs WHERE NOT success",
        )
        .load(&mut conn)
        .await
        .unwrap();
        rows.into_iter().map(|r| r.c).collect()
    };
    let logged = categories
        .iter()
        .filter(|c| c.starts_with("API_ERROR"))
        .count();
    assert_eq!(logged, 4, "one log line per attempt: {categories:#?}");
    assert_eq!(sync_row(db, id).await.status, "failed");
    // The waits grew: 50, 100, 200 ms (±10 %) between the four attempts.
    let spread = number(
        db,
        "SELECT (EXTRACT(EPOCH FROM max(created_at) - min(created_at)) * 1000)::bigint AS n \
         FROM crm_sync_logs WHERE NOT success",
    )
    .await;
    assert!(spread >= 315, "attempts {spread} ms apart in all");
}

#[actix_web::test]
async fn a_refused_e_mail_fails_at_once_without_retrying() {
    let app = sync_app(|env| env).await;
    let db = &app.state.db;
    let id = insert_lead(db, 1, "not an address", "Bad").await;
    drained(db, 20).await;
    let job = &jobs(db).await[0];
    assert_eq!(
        (job.status.as_str(), job.attempts),
        ("failed", 1),
        "{job:?}"
    );
    let row = sync_row(db, id).await;
    assert_eq!(row.status, "failed");
    let category = number(
        db,
        "SELECT count(*) AS n FROM crm_sync_logs WHERE category = 'VALIDATION'",
    )
    .await;
    assert_eq!(category, 1);
}

#[actix_web::test]
async fn a_rate_limit_storm_spends_no_attempts() {
    let app = sync_app(|env| env).await;
    let db = &app.state.db;
    app.sim().state().start_storm(Duration::from_secs(2));
    for n in 0..5 {
        insert_lead(db, 1, &format!("storm{n}@example.com"), "Storm").await;
    }
    drained(db, 30).await;
    assert_eq!(contacts(&app).len(), 5);
    let jobs = jobs(db).await;
    assert!(
        jobs.iter()
            .all(|j| j.status == "completed" && j.attempts == 1),
        "{jobs:?}"
    );
    let limited = number(
        db,
        "SELECT count(*) AS n FROM crm_sync_logs WHERE category = 'RATE_LIMIT'",
    )
    .await;
    assert!(limited >= 1, "the 240024 answers are logged");
}

#[actix_web::test]
async fn an_expired_token_re_authenticates_without_spending_an_attempt() {
    let app = sync_app(|env| env).await;
    let db = &app.state.db;
    insert_lead(db, 1, "before@example.com", "Before").await;
    drained(db, 20).await;
    let logins = requests(&app, "/auth");
    assert!(app.sim().state().expire_tokens() >= 1);
    insert_lead(db, 1, "after@example.com", "After").await;
    drained(db, 20).await;
    assert_eq!(requests(&app, "/auth"), logins + 1, "one new login");
    let jobs = jobs(db).await;
    assert!(
        jobs.iter()
            .all(|j| j.status == "completed" && j.attempts == 1),
        "{jobs:?}"
    );
}

#[actix_web::test]
async fn a_create_whose_answer_is_lost_leaves_one_contact() {
    let app = sync_app(|env| env.with("DINAMIZE_REQUEST_TIMEOUT", "300")).await;
    let db = &app.state.db;
    // Writes are carried out, then never answered: the client times out not knowing.
    faults(&app, json!({"lost_answer_rate": 1.0}));
    let id = insert_lead(db, 1, "lost@example.com", "Lost").await;
    wait_for("the add to be carried out", 10, || async {
        contact(&app, "lost@example.com").is_some()
    })
    .await;
    faults(&app, json!({"lost_answer_rate": 0.0}));
    drained(db, 20).await;
    assert_eq!(contacts(&app).len(), 1, "one contact, not two");
    let row = sync_row(db, id).await;
    assert_eq!(row.status, "synced");
    assert_eq!(
        row.contact_code.as_deref(),
        contact(&app, "lost@example.com").unwrap()["code"].as_str()
    );
    assert_eq!(
        jobs(db).await[0].attempts,
        2,
        "the timed-out attempt counted"
    );
}
