//! Calling the leads routes and reading what they left in PostgreSQL.

use diesel::prelude::*;
use diesel_async::{RunQueryDsl, SimpleAsyncConnection};
use dinamize_sync::db::schema::{crm_lead_sync, crm_leads, crm_sync_queue};
use serde_json::Value;

use super::common::{TestApp, spawn_app_with};

/// The service for these tests, without sync workers: the jobs the routes leave must stay
/// where the trigger put them.
pub async fn app() -> TestApp {
    spawn_app_with(|env| env.with("SYNC_ENABLED", "false")).await
}

/// One job of `crm_sync_queue`: (operation, status, attempts).
pub type Job = (String, String, i32);

/// `POST /api/leads`, asserting 201, answering the lead.
pub async fn create(app: &TestApp, token: &str, body: &Value) -> Value {
    let response = app.post_json("/api/leads", token, body).await;
    assert_eq!(response.status(), 201, "{body}");
    response.json().await.unwrap()
}

/// `PATCH <path>` with a JSON body.
pub async fn patch(app: &TestApp, path: &str, token: &str, body: &Value) -> reqwest::Response {
    app.http
        .patch(format!("{}{path}", app.address))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("the request reaches the service")
}

/// `DELETE <path>`.
pub async fn delete(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    app.http
        .delete(format!("{}{path}", app.address))
        .bearer_auth(token)
        .send()
        .await
        .expect("the request reaches the service")
}

/// `GET <path>` answering 200, as JSON.
pub async fn get_json(app: &TestApp, path: &str, token: &str) -> Value {
    let response = app.get_with(path, token).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

/// The lead's jobs, oldest first.
pub async fn jobs(app: &TestApp, lead_id: i64) -> Vec<Job> {
    let mut conn = app.ctx.db.get().await.unwrap();
    crm_sync_queue::table
        .filter(crm_sync_queue::lead_id.eq(lead_id))
        .order(crm_sync_queue::id)
        .select((
            crm_sync_queue::operation,
            crm_sync_queue::status,
            crm_sync_queue::attempts,
        ))
        .load(&mut conn)
        .await
        .unwrap()
}

/// Every job of the database.
pub async fn all_jobs(app: &TestApp) -> i64 {
    let mut conn = app.ctx.db.get().await.unwrap();
    crm_sync_queue::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap()
}

/// Every lead of the database, deleted or not.
pub async fn all_leads(app: &TestApp) -> i64 {
    let mut conn = app.ctx.db.get().await.unwrap();
    crm_leads::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap()
}

/// Marks the lead's live job completed, as a worker would after a success.
pub async fn complete_jobs(app: &TestApp, lead_id: i64) {
    let mut conn = app.ctx.db.get().await.unwrap();
    diesel::update(crm_sync_queue::table.filter(crm_sync_queue::lead_id.eq(lead_id)))
        .set((
            crm_sync_queue::status.eq("completed"),
            crm_sync_queue::attempts.eq(1),
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    diesel::update(crm_lead_sync::table.filter(crm_lead_sync::lead_id.eq(lead_id)))
        .set(crm_lead_sync::status.eq("synced"))
        .execute(&mut conn)
        .await
        .unwrap();
}

/// Runs SQL statements (`;`-separated) on the test's database.
pub async fn sql(app: &TestApp, statements: &str) {
    let mut conn = app.ctx.db.get().await.unwrap();
    conn.batch_execute(statements).await.unwrap();
}

/// The `id` of a lead answer.
pub fn id_of(lead: &Value) -> i64 {
    lead["id"].as_i64().expect("a lead has an id")
}
