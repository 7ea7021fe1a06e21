//! Group commit of results: results waiting together are written in one transaction, and a
//! result that cannot be written does not hold back the others of its batch.

use std::time::Duration;

use chrono::Utc;
use dinamize_sync::sync::job::{JobError, Synced};
use dinamize_sync::sync::queue;
use dinamize_sync::sync::recorder::{JobResult, Recorder};
use dinamize_sync::sync::transition::Transition;
use futures_util::future::join_all;

use super::support::{insert_lead, jobs, sync_app};

#[actix_web::test]
async fn results_written_together_land_and_one_unwritable_result_does_not_sink_its_batch() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    let db = &app.state.db;
    let mut claimed = Vec::new();
    for n in 0..4 {
        insert_lead(db, 1, &format!("batch{n}@example.com"), "Batch").await;
        let mut conn = db.get().await.unwrap();
        let job = queue::claim(&mut conn, 1, Utc::now(), Duration::from_secs(60))
            .await
            .unwrap()
            .expect("a job to claim");
        claimed.push(job);
    }
    let recorder = Recorder::start(db.clone());
    let results = claimed.iter().enumerate().map(|(n, job)| JobResult {
        job: job.clone(),
        // PostgreSQL refuses a NUL byte in text: the third result cannot be written.
        transition: if n == 2 {
            Transition::Fail {
                error: JobError::Unavailable("a NUL \0 in the error".into()),
            }
        } else {
            Transition::Complete(Synced::default())
        },
        duration_ms: 1,
        max_attempts: 4,
        log_release: true,
        now: Utc::now(),
    });
    // Sent at once, so that the writer finds them waiting together.
    let written = join_all(results.map(|r| recorder.write(r))).await;

    let statuses: Vec<_> = written.iter().map(|w| w.as_ref().ok().cloned()).collect();
    let completed = Some(Some("completed".to_owned()));
    assert_eq!(
        statuses,
        vec![completed.clone(), completed.clone(), None, completed],
        "{written:?}"
    );
    let mut rows: Vec<String> = jobs(db).await.into_iter().map(|j| j.status).collect();
    rows.sort();
    assert_eq!(rows, ["completed", "completed", "completed", "processing"]);
}
