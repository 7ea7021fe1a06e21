//! What the sync-operations tests share: calling the routes as an admin, reading errors.

use dinamize_sync::auth::Role;
use serde_json::{Value, json};

use super::common::TestApp;

/// `POST <path>` as an ADMIN of company 1; the status and the JSON body.
pub async fn post(app: &TestApp, path: &str, body: Value) -> (u16, Value) {
    let response = app.post_json(path, &app.token(1, Role::Admin), &body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// `GET <path>` as an ADMIN of company 1.
pub async fn get(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app.get_with(path, &app.token(1, Role::Admin)).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Starts a run of company 1; its id.
pub async fn start_run(app: &TestApp, mode: &str, dry_run: bool) -> i64 {
    let body = json!({"mode": mode, "dry_run": dry_run});
    let (status, run) = post(app, "/api/dinamize/sync/runs", body).await;
    assert_eq!(status, 202, "{run}");
    run["id"].as_i64().unwrap()
}

/// An error answer's machine-readable code (one place to follow the error shape).
pub fn error_code(body: &Value) -> &str {
    body["code"].as_str().unwrap_or_default()
}

/// An error answer's details.
pub fn error_details(body: &Value) -> &Value {
    &body["details"]
}
