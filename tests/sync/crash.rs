//! Crashes lose nothing: a job that panics is released for another attempt and its worker is
//! stopped and restarted by its supervisor; a job whose worker died returns when its lease
//! ends and the old worker's late result is refused; a shutdown lets running jobs finish
//! within the grace and gives the rest back without spending attempts.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use dinamize_sync::sync::job::{ClaimedJob, JobError, JobOutcome};
use dinamize_sync::sync::queue::{self, RunRecord};
use dinamize_sync::sync::transition::Transition;
use dinamize_sync::sync::{JobHandler, SharedHandler};
use futures_util::future::LocalBoxFuture;
use serde_json::json;

use super::support::*;

/// The service's handler, except that the first run of one lead's job panics.
struct PanicsOnce {
    inner: SharedHandler,
    lead_id: i64,
    armed: AtomicBool,
}

impl JobHandler for PanicsOnce {
    fn run(&self, job: ClaimedJob, permit_until: Instant) -> LocalBoxFuture<'static, JobOutcome> {
        if job.lead_id == self.lead_id && self.armed.swap(false, Ordering::SeqCst) {
            return Box::pin(async { panic!("injected by the test") });
        }
        self.inner.run(job, permit_until)
    }
}

#[actix_web::test]
async fn a_job_that_panics_is_retried_and_its_worker_is_restarted() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    let db = &app.state.db;
    let doomed = insert_lead(db, 1, "doomed@example.com", "Doomed").await;
    let worker = second_instance(
        &app,
        |env| {
            env.with("SYNC_ENABLED", "true")
                .with("SYNC_CONCURRENCY", "2")
        },
        |inner| {
            Arc::new(PanicsOnce {
                inner,
                lead_id: doomed,
                armed: AtomicBool::new(true),
            })
        },
    )
    .await;
    drained(db, 20).await;
    let job = &jobs(db).await[0];
    assert_eq!(
        (job.status.as_str(), job.attempts),
        ("completed", 2),
        "{job:?}"
    );
    let sync = worker.state.sync.clone().unwrap();
    assert_eq!(sync.restarts(), 1);
    let ready: serde_json::Value = reqwest::get(format!("{}/ready", worker.address))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["sync"]["restarts"], 1, "{ready}");
    // Both workers still work: the restarted one takes jobs again.
    for n in 0..10 {
        insert_lead(db, 1, &format!("after{n}@example.com"), "After").await;
    }
    drained(db, 20).await;
    assert_eq!(contacts(&app).len(), 11);
    let panicked = number(
        db,
        "SELECT count(*) AS n FROM crm_sync_logs WHERE detail LIKE '%panicked%'",
    )
    .await;
    assert_eq!(panicked, 1, "the panic is logged on the job");
}

#[actix_web::test]
async fn a_job_whose_worker_died_returns_when_its_lease_ends_and_the_old_result_is_refused() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    let db = &app.state.db;
    insert_lead(db, 1, "orphan@example.com", "Orphan").await;
    // A worker that claims the job and dies (kill -9) before recording anything.
    let mut conn = db.get().await.unwrap();
    let stale = queue::claim(&mut conn, 1, Utc::now(), Duration::from_secs(1))
        .await
        .unwrap()
        .expect("the job is claimed");
    drop(conn);
    second_instance(&app, |env| env.with("SYNC_ENABLED", "true"), |h| h).await;
    drained(db, 20).await;
    let job = &jobs(db).await[0];
    assert_eq!(
        (job.status.as_str(), job.attempts),
        ("completed", 2),
        "{job:?}"
    );
    assert_eq!(contacts(&app).len(), 1);

    // The dead worker comes back to life with its old fence: nothing it says is written.
    let late = Transition::Fail {
        error: JobError::Unavailable("late".into()),
    };
    let mut conn = db.get().await.unwrap();
    let written = queue::record(
        &mut conn,
        &RunRecord {
            job: &stale,
            transition: &late,
            duration_ms: 1,
            max_attempts: 4,
            log_release: true,
            now: Utc::now(),
        },
    )
    .await
    .unwrap();
    assert_eq!(written, None);
    assert_eq!(jobs(db).await[0].status, "completed");
}

#[actix_web::test]
async fn a_shutdown_lets_running_jobs_finish_and_gives_back_the_rest_without_spending_attempts() {
    let app = sync_app(|env| env.with("SYNC_CONCURRENCY", "1")).await;
    let db = &app.state.db;
    let sync = app.state.sync.clone().unwrap();
    let slow = |ms: u64| {
        app.sim()
            .state()
            .patch_faults(serde_json::from_value(json!({ "latency_ms": ms })).unwrap())
            .unwrap();
    };
    slow(3_000);
    insert_lead(db, 1, "long@example.com", "Long").await;
    until_jobs(db, "processing", 1, 10).await;
    let report = sync.shutdown(Duration::from_millis(300)).await;
    assert_eq!(report.released, 1);
    let job = &jobs(db).await[0];
    assert_eq!(
        (job.status.as_str(), job.attempts),
        ("queued", 0),
        "{job:?}"
    );
    // Stopped: a new lead waits for another instance.
    insert_lead(db, 1, "later@example.com", "Later").await;
    slow(0);
    let worker = second_instance(&app, |env| env, |h| h).await;
    drained(db, 20).await;
    assert_eq!(contacts(&app).len(), 2);
    let graceful = worker.state.sync.clone().unwrap();
    slow(200);
    insert_lead(db, 1, "quick@example.com", "Quick").await;
    wait_for("the job to run", 10, || async { graceful.running() == 1 }).await;
    assert_eq!(graceful.shutdown(Duration::from_secs(10)).await.released, 0);
    assert_eq!(contacts(&app).len(), 3, "the running job finished");
}
