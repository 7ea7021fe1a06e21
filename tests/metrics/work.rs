//! Work moves the metrics: a lead synced moves the job, Dinamize, token, limiter and `/auth`
//! counters; a contacts call moves the Dinamize and HTTP counters; a 240024 answer is
//! counted; a panicking job counts a worker restart; the queue's gauges follow PostgreSQL.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use dinamize_sync::auth::Role;
use dinamize_sync::sync::job::{ClaimedJob, JobOutcome};
use dinamize_sync::sync::{JobHandler, SharedHandler};
use futures_util::future::LocalBoxFuture;
use serde_json::json;

use super::scrape::Metrics;
use super::support::{drained, exec, insert_lead, second_instance, sync_app, wait_for};

const FINISHED: &str = "dinamize_sync_jobs_finished_total";
const CALLS: &str = "dinamize_sync_dinamize_calls_total";
const HTTP: &str = "dinamize_sync_http_requests_total";

#[actix_web::test]
async fn a_lead_synced_and_a_contacts_call_move_the_counters_without_personal_labels() {
    let app = sync_app(|env| env).await;
    let before = Metrics::scrape(&app).await;
    // A lead id no count or code could equal, to look for it among the label values.
    let sequence = "SELECT setval(pg_get_serial_sequence('crm_leads', 'id'), 987654320)";
    exec(&app.state.db, sequence).await;
    let lead = insert_lead(&app.state.db, 1, "metrics.person@example.com", "Person").await;
    drained(&app.state.db, 30).await;

    let after = Metrics::scrape(&app).await;
    let moved = |name: &str, labels: &[(&str, &str)]| {
        after.value(name, labels) - before.value(name, labels)
    };
    assert!(moved(FINISHED, &[("outcome", "completed")]) >= 1.0);
    assert!(
        moved(
            "dinamize_sync_job_duration_seconds",
            &[("outcome", "completed")]
        ) >= 1.0
    );
    assert!(moved(CALLS, &[("endpoint", "contact_add"), ("code", "480001")]) >= 1.0);
    assert!(
        moved(
            "dinamize_sync_dinamize_call_duration_seconds",
            &[("endpoint", "contact_add")]
        ) >= 1.0
    );
    assert!(moved("dinamize_sync_auth_calls_total", &[("outcome", "ok")]) >= 1.0);
    assert!(moved(CALLS, &[("endpoint", "auth"), ("code", "480001")]) >= 1.0);
    let background = [
        ("lane", "background"),
        ("outcome", "permit"),
        ("failing_open", "false"),
    ];
    assert!(moved("dinamize_sync_limiter_decisions_total", &background) >= 1.0);
    assert!(
        after.value(
            "dinamize_sync_token_cache_lookups_total",
            &[("layer", "redis")]
        ) >= 1.0
    );
    assert_eq!(after.value("dinamize_sync_limiter_failing_open", &[]), 0.0);
    // This test's own database: exactly one completed job, nothing waiting.
    let company = [("company", "1")];
    let state = |s: &'static str| [("company", "1"), ("state", s)];
    assert_eq!(after.value("dinamize_sync_jobs", &state("completed")), 1.0);
    assert_eq!(after.value("dinamize_sync_jobs", &state("waiting")), 0.0);
    assert_eq!(
        after.value("dinamize_sync_oldest_waiting_job_age_seconds", &company),
        0.0
    );

    let token = app.token(1, Role::Admin);
    let search = json!({"contact-list_code": "1"});
    let response = app
        .post_json("/api/dinamize/contacts/search", &token, &search)
        .await;
    assert_eq!(response.status(), 200);
    let response = app.get_with(&format!("/api/leads/{lead}"), &token).await;
    assert_eq!(response.status(), 200);
    let third = Metrics::scrape(&app).await;
    let moved =
        |name: &str, labels: &[(&str, &str)]| third.value(name, labels) - after.value(name, labels);
    assert_eq!(
        moved(CALLS, &[("endpoint", "contact_search"), ("code", "480001")]),
        1.0
    );
    let search_route = [
        ("method", "POST"),
        ("route", "/api/dinamize/contacts/search"),
        ("status", "200"),
    ];
    assert_eq!(moved(HTTP, &search_route), 1.0);
    let lead_route = [
        ("method", "GET"),
        ("route", "/api/leads/{id}"),
        ("status", "200"),
    ];
    assert_eq!(moved(HTTP, &lead_route), 1.0);
    let interactive = [("lane", "interactive"), ("outcome", "permit")];
    assert!(moved("dinamize_sync_limiter_decisions_total", &interactive) >= 1.0);
    assert!(third.value(HTTP, &[("route", "/metrics"), ("status", "200")]) >= 2.0);

    for secret in [
        "metrics.person@example.com",
        token.as_str(),
        &format!("/api/leads/{lead}"),
    ] {
        assert!(!third.text.contains(secret), "{secret} appears in /metrics");
    }
    assert!(
        !third.label_values().contains(&lead.to_string()),
        "a lead id is a label value"
    );
}

#[actix_web::test]
async fn a_240024_answer_a_bad_token_and_unknown_paths_are_counted() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    let token = app.token(1, Role::User);
    let search = json!({"contact-list_code": "1"});
    let ok = app
        .post_json("/api/dinamize/contacts/search", &token, &search)
        .await;
    assert_eq!(ok.status(), 200);
    let before = Metrics::scrape(&app).await;
    // The simulator now allows one request a minute: the next search is answered 240024.
    app.sim().state().set_rate_limit(1, Duration::from_secs(60));
    let limited = app
        .post_json("/api/dinamize/contacts/search", &token, &search)
        .await;
    assert_eq!(limited.status(), 429);
    for path in ["/nope/alice@example.com", "/nope/12345"] {
        assert_eq!(app.get(path).await.status(), 404);
    }
    let unsigned = app
        .post_json("/api/dinamize/contacts/search", "not-a-jwt", &search)
        .await;
    assert_eq!(unsigned.status(), 401);

    let after = Metrics::scrape(&app).await;
    let moved = |name: &str, labels: &[(&str, &str)]| {
        after.value(name, labels) - before.value(name, labels)
    };
    assert!(moved("dinamize_sync_rate_limited_answers_total", &[]) >= 1.0);
    assert!(moved(CALLS, &[("endpoint", "contact_search"), ("code", "240024")]) >= 1.0);
    assert!(moved("dinamize_sync_jwt_checks_total", &[("outcome", "ok")]) >= 1.0);
    let limited_route = [
        ("route", "/api/dinamize/contacts/search"),
        ("status", "429"),
    ];
    assert_eq!(moved(HTTP, &limited_route), 1.0);
    assert_eq!(
        moved(HTTP, &[("route", "unmatched"), ("status", "404")]),
        2.0
    );
    let malformed = [("outcome", "malformed")];
    assert_eq!(moved("dinamize_sync_jwt_checks_total", &malformed), 1.0);
    assert!(!after.text.contains("alice@example.com"));
}

#[actix_web::test]
async fn the_queue_gauges_follow_postgresql() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    let db = &app.state.db;
    insert_lead(db, 1, "waits@example.com", "Waits").await;
    insert_lead(db, 1, "later@example.com", "Later").await;
    exec(
        db,
        "UPDATE crm_sync_queue SET next_attempt_at = now() + interval '1 hour' \
         WHERE id = (SELECT max(id) FROM crm_sync_queue)",
    )
    .await;
    let state = |s: &'static str| [("company", "1"), ("state", s)];
    wait_for("the oldest waiting job to age", 10, || async {
        let m = Metrics::scrape(&app).await;
        m.value(
            "dinamize_sync_oldest_waiting_job_age_seconds",
            &[("company", "1")],
        ) > 0.0
    })
    .await;
    let m = Metrics::scrape(&app).await;
    assert_eq!(m.value("dinamize_sync_jobs", &state("waiting")), 1.0);
    assert_eq!(m.value("dinamize_sync_jobs", &state("delayed")), 1.0);
    assert_eq!(m.value("dinamize_sync_jobs", &state("failed")), 0.0);

    exec(
        db,
        "UPDATE crm_sync_queue SET status = 'failed', completed_at = now()",
    )
    .await;
    let m = Metrics::scrape(&app).await;
    assert_eq!(m.value("dinamize_sync_jobs", &state("failed")), 2.0);
    assert_eq!(m.value("dinamize_sync_jobs", &state("waiting")), 0.0);
    assert_eq!(
        m.value(
            "dinamize_sync_oldest_waiting_job_age_seconds",
            &[("company", "1")]
        ),
        0.0
    );
    exec(db, "DELETE FROM crm_sync_queue").await;
    let m = Metrics::scrape(&app).await;
    assert_eq!(
        m.value("dinamize_sync_jobs", &state("failed")),
        0.0,
        "gone jobs read 0"
    );
}

/// The service's handler, except that the first job it runs panics.
struct PanicsFirst {
    inner: SharedHandler,
    armed: AtomicBool,
}

impl JobHandler for PanicsFirst {
    fn run(&self, job: ClaimedJob, permit_until: Instant) -> LocalBoxFuture<'static, JobOutcome> {
        if self.armed.swap(false, Ordering::SeqCst) {
            return Box::pin(async { panic!("injected by the metrics test") });
        }
        self.inner.run(job, permit_until)
    }
}

#[actix_web::test]
async fn a_panicking_job_counts_a_retry_and_a_worker_restart() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    let before = Metrics::scrape(&app).await;
    insert_lead(&app.state.db, 1, "panics@example.com", "Panics").await;
    let _worker = second_instance(
        &app,
        |env| env.with("SYNC_ENABLED", "true"),
        |inner| {
            Arc::new(PanicsFirst {
                inner,
                armed: AtomicBool::new(true),
            })
        },
    )
    .await;
    drained(&app.state.db, 30).await;
    let restarts = "dinamize_sync_worker_restarts_total";
    wait_for("the restart to be counted", 10, || async {
        Metrics::scrape(&app).await.value(restarts, &[]) > before.value(restarts, &[])
    })
    .await;
    let after = Metrics::scrape(&app).await;
    let moved = |name: &str, labels: &[(&str, &str)]| {
        after.value(name, labels) - before.value(name, labels)
    };
    assert!(moved(FINISHED, &[("outcome", "retry")]) >= 1.0);
    assert!(moved(FINISHED, &[("outcome", "completed")]) >= 1.0);
}
