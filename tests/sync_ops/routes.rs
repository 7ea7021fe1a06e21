//! Each route's role check, the manual lead sync's place in the queue, queue statistics and
//! the jobs listing.

use std::time::Duration;

use chrono::Utc;
use dinamize_sync::auth::Role;
use dinamize_sync::sync::queue;
use serde_json::json;

use super::common::{error_fields, spawn_app_with};
use super::ops::{error_code, get, post};
use super::support::{exec, insert_lead, number, sync_app};

const ROUTES: [(&str, &str); 8] = [
    ("POST", "/api/dinamize/sync/leads/1"),
    ("POST", "/api/dinamize/sync/runs"),
    ("GET", "/api/dinamize/sync/runs"),
    ("GET", "/api/dinamize/sync/runs/1"),
    ("GET", "/api/dinamize/sync/stats"),
    ("GET", "/api/dinamize/sync/jobs"),
    ("POST", "/api/dinamize/sync/jobs/1/retry"),
    ("POST", "/api/dinamize/sync/jobs/retry-failed"),
];

#[actix_web::test]
async fn every_sync_route_refuses_users_and_managers_and_is_documented() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    let lead = insert_lead(&app.state.db, 1, "a@example.com", "A").await;
    for role in [Role::User, Role::Manager] {
        let token = app.token(1, role);
        for (method, path) in ROUTES {
            let response = match method {
                "POST" => app.post_json(path, &token, &json!({"mode": "full"})).await,
                _ => app.get_with(path, &token).await,
            };
            assert_eq!(response.status(), 403, "{method} {path} as {role:?}");
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(error_code(&body), "forbidden", "{method} {path}");
        }
    }
    // Nothing was enqueued or started by the refused calls.
    let jobs = "SELECT count(*) AS n FROM crm_sync_queue";
    assert_eq!(number(&app.state.db, jobs).await, 1);
    let runs = "SELECT count(*) AS n FROM crm_sync_runs";
    assert_eq!(number(&app.state.db, runs).await, 0);
    let doc: serde_json::Value = app.get("/api/openapi.json").await.json().await.unwrap();
    for (method, path) in ROUTES {
        let templated = path.replace("/1", "/{id}");
        let entry = &doc["paths"][&templated][method.to_lowercase()];
        assert!(entry.is_object(), "{method} {templated} is documented");
    }
    let (status, _) = post(&app, &format!("/api/dinamize/sync/leads/{lead}"), json!({})).await;
    assert_eq!(status, 202, "an ADMIN may");
    let owner = app.token(1, Role::Owner);
    let response = app.get_with("/api/dinamize/sync/stats", &owner).await;
    assert_eq!(response.status(), 200, "an OWNER may");
}

#[actix_web::test]
async fn a_lead_synced_by_hand_is_claimed_before_the_company_backlog_in_its_waiting_job() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    let db = &app.state.db;
    let mut leads = Vec::new();
    for i in 0..5 {
        leads.push(insert_lead(db, 1, &format!("l{i}@example.com"), "L").await);
    }
    let last = leads[4];
    let (status, job) = post(&app, &format!("/api/dinamize/sync/leads/{last}"), json!({})).await;
    assert_eq!(status, 202, "{job}");
    assert_eq!(job["lead_id"], last);
    assert!(job["priority"].as_i64().unwrap() > 0);
    // Coalesced with the lead's waiting job: still one job per lead.
    let all = "SELECT count(*) AS n FROM crm_sync_queue";
    assert_eq!(number(db, all).await, 5);
    let mut conn = db.get().await.unwrap();
    let first = queue::claim(&mut conn, 1, Utc::now(), Duration::from_secs(60))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.lead_id, last, "the hand-picked lead goes first");

    let (status, body) = post(&app, "/api/dinamize/sync/leads/999999", json!({})).await;
    assert_eq!((status, error_code(&body)), (404, "not_found"));
    let (status, body) = post(&app, "/api/dinamize/sync/leads/abc", json!({})).await;
    assert_eq!((status, error_fields(&body)), (400, vec!["id".to_string()]));
}

#[actix_web::test]
async fn stats_count_the_queue_and_the_limiters_window() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    let db = &app.state.db;
    for i in 0..4 {
        insert_lead(db, 1, &format!("s{i}@example.com"), "S").await;
    }
    let ids = "(SELECT id FROM crm_sync_queue ORDER BY id LIMIT 1)";
    exec(
        db,
        &format!(
            "UPDATE crm_sync_queue SET status = 'failed', completed_at = now() WHERE id = {ids}"
        ),
    )
    .await;
    let second = "(SELECT id FROM crm_sync_queue WHERE status = 'queued' ORDER BY id LIMIT 1)";
    exec(db, &format!("UPDATE crm_sync_queue SET next_attempt_at = now() + interval '1 hour' WHERE id = {second}")).await;
    let third = "(SELECT id FROM crm_sync_queue WHERE status = 'queued' AND next_attempt_at <= now() ORDER BY id LIMIT 1)";
    exec(db, &format!("UPDATE crm_sync_queue SET status = 'completed', completed_at = now() WHERE id = {third}")).await;
    // Three permits in the window and one that ended long ago (scores: µs of Redis' clock).
    let mut redis = app.state.redis.connection().await.unwrap();
    let (secs, micros): (u64, u64) = redis::cmd("TIME").query_async(&mut redis).await.unwrap();
    let now = secs * 1_000_000 + micros;
    let key = format!("{}ratelimit:{{1}}", app.ctx.key_prefix);
    for (score, member) in [
        (now, "a"),
        (now - 1, "b"),
        (now - 2, "c"),
        (now - 600_000_000, "old"),
    ] {
        let _: i64 = redis::cmd("ZADD")
            .arg(&key)
            .arg(score)
            .arg(member)
            .query_async(&mut redis)
            .await
            .unwrap();
    }
    let (status, stats) = get(&app, "/api/dinamize/sync/stats").await;
    assert_eq!(status, 200, "{stats}");
    assert_eq!(
        (&stats["waiting"], &stats["delayed"], &stats["running"]),
        (&json!(1), &json!(1), &json!(0))
    );
    assert_eq!(
        (&stats["completed"], &stats["failed"]),
        (&json!(1), &json!(1))
    );
    assert_eq!(stats["completed_last_minute"], 1);
    assert!(stats["oldest_waiting_secs"].as_f64().unwrap() >= 0.0);
    assert_eq!(stats["limiter"]["used"], 3, "{stats}");
    assert_eq!(stats["limiter"]["limit"], 600);
    assert!(stats["limiter_unavailable"].is_null());
}

#[actix_web::test]
async fn stats_answer_without_the_limiter_when_redis_is_down() {
    let port = super::common::free_port().to_string();
    let app =
        spawn_app_with(|env| env.with("SYNC_ENABLED", "false").with("REDIS_PORT", port)).await;
    let (status, stats) = get(&app, "/api/dinamize/sync/stats").await;
    assert_eq!(status, 200, "{stats}");
    assert!(stats["limiter"].is_null());
    assert!(
        stats["limiter_unavailable"]
            .as_str()
            .unwrap()
            .contains("Redis")
    );
    assert_eq!(stats["waiting"], 0);
}

#[actix_web::test]
async fn jobs_are_listed_newest_first_by_status_and_lead_in_pages() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    let db = &app.state.db;
    let mut leads = Vec::new();
    for i in 0..3 {
        leads.push(insert_lead(db, 1, &format!("j{i}@example.com"), "J").await);
    }
    exec(
        db,
        &format!(
            "UPDATE crm_sync_queue SET status = 'failed', last_error = 'boom', \
        completed_at = now() WHERE lead_id = {}",
            leads[0]
        ),
    )
    .await;
    let (status, page) = get(&app, "/api/dinamize/sync/jobs?limit=2").await;
    assert_eq!(status, 200);
    assert_eq!(
        page["pagination"],
        json!({"page": 1, "limit": 2, "total": 3})
    );
    assert_eq!(page["items"][0]["lead_id"], leads[2]);
    let (_, failed) = get(&app, "/api/dinamize/sync/jobs?status=failed").await;
    assert_eq!(failed["items"].as_array().unwrap().len(), 1);
    assert_eq!(failed["items"][0]["last_error"], "boom");
    assert_eq!(failed["items"][0]["attempts"], 0);
    let path = format!("/api/dinamize/sync/jobs?lead_id={}", leads[1]);
    let (_, one) = get(&app, &path).await;
    assert_eq!(one["items"][0]["status"], "queued");
    assert!(one["items"][0]["next_attempt_at"].is_string());
    let (status, bad) = get(&app, "/api/dinamize/sync/jobs?status=done&lead_id=x&page=0").await;
    assert_eq!(status, 400);
    assert_eq!(error_fields(&bad), ["page", "status", "lead_id"]);
}
