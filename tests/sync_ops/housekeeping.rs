//! The supervisor tick's chores as functions of `now`: the retention sweeper's cut-offs and
//! the incremental schedule taken by exactly one of two instances per interval.

use std::time::Duration;

use chrono::{DateTime, Utc};
use dinamize_sync::config::RetentionConfig;
use dinamize_sync::db;
use dinamize_sync::sync::{retention, schedule};

use super::support::{exec, insert_lead, number, sync_app};

/// `now - minutes`, as SQL.
fn ago(now: DateTime<Utc>, minutes: i64) -> String {
    format!(
        "'{}'::timestamptz",
        (now - chrono::Duration::minutes(minutes)).to_rfc3339()
    )
}

#[actix_web::test]
async fn the_sweeper_deletes_only_what_is_past_its_age_and_log_lines_keep_their_job() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    let db = &app.state.db;
    let now: DateTime<Utc> = "2026-12-10T12:00:00Z".parse().unwrap();
    let cases = [
        ("completed", 59, "kept"),
        ("completed", 61, "gone"),
        ("failed", 23 * 60, "kept"),
        ("failed", 25 * 60, "gone"),
    ];
    for (i, (status, minutes, name)) in cases.iter().enumerate() {
        let lead = insert_lead(db, 1, &format!("r{i}@example.com"), name).await;
        exec(
            db,
            &format!(
                "UPDATE crm_sync_queue SET status = '{status}', completed_at = {} \
            WHERE lead_id = {lead}",
                ago(now, *minutes)
            ),
        )
        .await;
    }
    insert_lead(db, 1, "waiting@example.com", "kept").await;
    // A recent attempt of a job the sweeper deletes: the line stays, still naming its job.
    exec(
        db,
        &format!(
            "INSERT INTO crm_sync_logs (company_id, queue_id, lead_sync_id, attempt, success, \
            detail, duration_ms, created_at) SELECT company_id, id, lead_sync_id, 1, true, \
            'history', 1, {} FROM crm_sync_queue WHERE completed_at = {}",
            ago(now, 61),
            ago(now, 61)
        ),
    )
    .await;
    let history = "SELECT count(*) AS n FROM crm_sync_logs l JOIN crm_sync_queue q \
        ON q.id = l.queue_id WHERE l.detail = 'history'";
    assert_eq!(number(db, history).await, 1);
    for (days, detail) in [(29, "kept"), (31, "gone")] {
        exec(
            db,
            &format!(
                "INSERT INTO crm_sync_logs (company_id, attempt, success, detail, \
            duration_ms, created_at) VALUES (1, 1, true, '{detail}', 1, {})",
                ago(now, days * 24 * 60)
            ),
        )
        .await;
    }
    let mut conn = db.get().await.unwrap();
    let swept = retention::sweep(&mut conn, &RetentionConfig::default(), now)
        .await
        .unwrap();
    assert_eq!((swept.completed, swept.failed, swept.logs), (1, 1, 1));
    let gone = "SELECT count(*) AS n FROM crm_sync_queue q JOIN crm_leads l ON l.id = q.lead_id \
        WHERE l.name = 'gone'";
    assert_eq!(number(db, gone).await, 0);
    assert_eq!(
        number(db, "SELECT count(*) AS n FROM crm_sync_queue").await,
        3
    );
    let logs = "SELECT count(*) AS n FROM crm_sync_logs WHERE detail = 'gone'";
    assert_eq!(number(db, logs).await, 0);
    let kept = "SELECT count(*) AS n FROM crm_sync_logs WHERE detail = 'kept'";
    assert_eq!(number(db, kept).await, 1);
    assert_eq!(number(db, history).await, 0, "the job itself is gone");
    let named = "SELECT count(*) AS n FROM crm_sync_logs WHERE detail = 'history' \
        AND queue_id IS NOT NULL AND lead_sync_id IS NOT NULL";
    assert_eq!(
        number(db, named).await,
        1,
        "the log line still names its job"
    );
}

#[actix_web::test]
async fn the_incremental_schedule_of_two_instances_runs_once_per_interval() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    insert_lead(&app.state.db, 1, "s@example.com", "S").await;
    let (a, b) = (app.state.db.clone(), db::connect(&app.ctx.config.database));
    let interval = Duration::from_secs(600);
    let t0: DateTime<Utc> = "2026-12-10T12:00:00Z".parse().unwrap();
    let at = |secs: i64| t0 + chrono::Duration::seconds(secs);
    let both = |now: DateTime<Utc>| {
        let (a, b) = (a.clone(), b.clone());
        async move {
            let (mut ca, mut cb) = (a.get().await.unwrap(), b.get().await.unwrap());
            let (x, y) = tokio::join!(
                schedule::run_due(&mut ca, interval, now),
                schedule::run_due(&mut cb, interval, now)
            );
            x.unwrap().len() + y.unwrap().len()
        }
    };
    assert_eq!(
        both(at(0)).await,
        0,
        "a company is first due one interval later"
    );
    assert_eq!(both(at(600)).await, 1, "one instance of two starts it");
    let runs = "SELECT count(*) AS n FROM crm_sync_runs WHERE started_by = 'schedule'";
    assert_eq!(number(&app.state.db, runs).await, 1);
    assert_eq!(both(at(900)).await, 0, "not again within the interval");
    exec(
        &app.state.db,
        "UPDATE crm_sync_runs SET status = 'finished'",
    )
    .await;
    assert_eq!(both(at(1200)).await, 1, "once in the next interval");
    assert_eq!(number(&app.state.db, runs).await, 2);
    // Taking a due company is exclusive even when nothing is left to enqueue.
    let (mut ca, mut cb) = (a.get().await.unwrap(), b.get().await.unwrap());
    let (x, y) = tokio::join!(
        schedule::take_due(&mut ca, interval, at(1800)),
        schedule::take_due(&mut cb, interval, at(1800))
    );
    assert_eq!(x.unwrap().len() + y.unwrap().len(), 1);
}
