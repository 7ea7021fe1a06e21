//! The queue's promises: latest state wins, once (coalescing and the single follow-up);
//! fairness between companies; two instances on one database never run a job twice and keep
//! the account within its limit.

use std::time::Duration;

use super::support::*;

#[actix_web::test]
async fn five_updates_while_the_job_waits_make_one_call_with_the_last_state() {
    // This instance only captures; a second one, started afterwards, works the queue.
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    let db = &app.state.db;
    let id = insert_lead(db, 1, "five@example.com", "v0").await;
    for version in 1..=5 {
        exec(
            db,
            &format!("UPDATE crm_leads SET name = 'v{version}' WHERE id = {id}"),
        )
        .await;
    }
    let waiting = jobs(db).await;
    assert_eq!(waiting.len(), 1, "one waiting job per lead");
    assert_eq!(waiting[0].operation, "create");

    second_instance(&app, |env| env.with("SYNC_ENABLED", "true"), |h| h).await;
    drained(db, 20).await;
    assert_eq!(requests(&app, "/emkt/contact/add"), 1);
    assert_eq!(requests(&app, "/emkt/contact/update"), 0);
    assert_eq!(contact(&app, "five@example.com").unwrap()["name"], "v5");
}

#[actix_web::test]
async fn a_change_while_the_job_runs_makes_exactly_one_follow_up() {
    let app = sync_app(|env| env).await;
    let db = &app.state.db;
    // Slow answers keep the first job running while the lead changes three times.
    app.sim()
        .state()
        .patch_faults(serde_json::from_value(serde_json::json!({"latency_ms": 400})).unwrap())
        .unwrap();
    let id = insert_lead(db, 1, "follow@example.com", "first").await;
    until_jobs(db, "processing", 1, 10).await;
    for name in ["second", "third", "fourth"] {
        exec(
            db,
            &format!("UPDATE crm_leads SET name = '{name}' WHERE id = {id}"),
        )
        .await;
    }
    drained(db, 30).await;
    assert_eq!(requests(&app, "/emkt/contact/add"), 1);
    assert_eq!(
        requests(&app, "/emkt/contact/update"),
        1,
        "exactly one follow-up"
    );
    assert_eq!(
        contact(&app, "follow@example.com").unwrap()["name"],
        "fourth"
    );
    assert_eq!(jobs(db).await.len(), 1, "the follow-up reuses the job row");
}

#[actix_web::test]
async fn a_company_with_a_backlog_does_not_hold_back_another_companys_single_lead() {
    let app = sync_app(|env| env).await;
    let db = &app.state.db;
    app.add_company(2, "300002", true).await;
    exec(
        db,
        "UPDATE crm_dinamize_accounts SET requests_per_minute = 100000",
    )
    .await;
    app.sim()
        .state()
        .set_rate_limit(100_000, Duration::from_secs(1));
    // Jobs take ~20 ms each: the workers are busy when the other company's lead arrives.
    app.sim()
        .state()
        .patch_faults(serde_json::from_value(serde_json::json!({"latency_ms": 20})).unwrap())
        .unwrap();
    insert_leads(db, "bulk", 5000).await;
    let sync = app.state.sync.clone().unwrap();
    sync.notify(1).await;
    wait_for("the backlog to be worked", 20, || async {
        number(
            db,
            "SELECT count(*) AS n FROM crm_sync_queue WHERE status = 'completed'",
        )
        .await
            >= 20
    })
    .await;
    let single = insert_lead(db, 2, "single@example.com", "Single").await;
    // What the leads API does after a write: wake the dispatchers for the company. The
    // dispatchers learn of the lead from here on: count what they hand out from here.
    let told = chrono::Utc::now();
    sync.notify(2).await;
    wait_for("the single lead's job to start", 20, || async {
        number(
            db,
            &format!(
                "SELECT count(*) AS n FROM crm_sync_queue \
                 WHERE lead_id = {single} AND started_at IS NOT NULL"
            ),
        )
        .await
            == 1
    })
    .await;
    let overtaken = number(
        db,
        &format!(
            "SELECT count(*) AS n FROM crm_sync_queue a, crm_sync_queue b \
             WHERE b.lead_id = {single} AND a.company_id = 1 \
             AND a.started_at > '{}' AND a.started_at < b.started_at",
            told.to_rfc3339()
        ),
    )
    .await;
    assert!(
        overtaken <= 2,
        "{overtaken} jobs of the backlog went ahead of the single lead"
    );
}

#[actix_web::test]
async fn two_instances_never_run_a_job_twice_and_keep_the_account_within_its_limit() {
    // The guard covers the time from a permit to the request's arrival: here a debug build
    // on a loaded 2-core machine, where a claim and a context load can take 100 ms and more.
    let app = sync_app(|env| {
        env.with("DINAMIZE_RATE_LIMIT_PER_MINUTE", "40")
            .with("DINAMIZE_RATE_LIMIT_GUARD_MS", "300")
    })
    .await;
    let db = &app.state.db;
    app.sim()
        .state()
        .set_rate_limit(1000, Duration::from_secs(1));
    second_instance(&app, |env| env, |h| h).await;
    insert_leads(db, "twice", 150).await;
    drained(db, 60).await;
    assert_eq!(contacts(&app).len(), 150, "every lead once");
    let jobs = jobs(db).await;
    assert!(
        jobs.iter()
            .all(|j| j.status == "completed" && j.attempts == 1),
        "{jobs:?}"
    );
    let runs = number(db, "SELECT count(*) AS n FROM crm_sync_logs WHERE success").await;
    assert_eq!(runs, 150, "one successful run per job");
    let twice = number(
        db,
        "SELECT count(*) AS n FROM (SELECT queue_id FROM crm_sync_logs WHERE success \
         GROUP BY queue_id HAVING count(*) > 1) t",
    )
    .await;
    assert_eq!(twice, 0);
    let arrivals: Vec<_> = app
        .sim()
        .state()
        .journal()
        .into_iter()
        .filter(|e| e.path != "/auth")
        .map(|e| e.at_ms)
        .collect();
    let busiest = max_in_window(&arrivals, 1000);
    assert!(
        busiest <= 40,
        "{busiest} requests in one 1 s window, limit 40"
    );
}

/// The most timestamps (ms) in any half-open window `[t, t + window_ms)`.
fn max_in_window(times: &[i64], window_ms: i64) -> usize {
    let mut times = times.to_vec();
    times.sort();
    let mut best = 0;
    let mut start = 0;
    for end in 0..times.len() {
        while times[end] - times[start] >= window_ms {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best
}
