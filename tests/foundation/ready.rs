//! `/ready` when a dependency fails: Redis down keeps the instance in service (degraded, with
//! the reason), PostgreSQL down takes it out (503 naming it).

use dinamize_sync::config::DEFAULT_SCHEMA;
use dinamize_sync::db::{admin, migrations};
use serde_json::{Value, json};

use crate::common::{OwnPostgres, spawn_app_with};

#[actix_web::test]
async fn ready_answers_200_degraded_with_the_reason_when_redis_is_unreachable() {
    let app = spawn_app_with(|env| env.with("REDIS_PORT", "1")).await;
    let response = app.get("/ready").await;
    assert_eq!(
        response.status(),
        200,
        "a Redis outage is not a full outage"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["failing"], json!(["redis"]));
    assert_eq!(body["checks"]["redis"]["status"], "down");
    assert_eq!(body["checks"]["postgres"]["status"], "up");
    let reason = body["degraded"][0].as_str().unwrap();
    assert!(reason.starts_with("redis is down ("), "{reason}");
    assert!(reason.contains("tokens from PostgreSQL"), "{reason}");
}

#[actix_web::test]
async fn ready_answers_503_naming_postgres_once_postgres_stops() {
    let postgres = OwnPostgres::start();
    let url = postgres.url("dinamize_sync");
    admin::ensure_database(&url).await.unwrap();
    migrations::run_pending(&url, DEFAULT_SCHEMA).await.unwrap();
    let app = spawn_app_with(|env| env.with("DATABASE_URL", url.as_str())).await;
    let up: Value = app.get("/ready").await.json().await.unwrap();
    assert_eq!(up["status"], "ready", "{up}");

    postgres.stop();
    let response = app.get("/ready").await;
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "not_ready");
    assert_eq!(body["failing"], json!(["postgres"]));
    assert_eq!(body["checks"]["postgres"]["status"], "down");
    assert!(body["checks"]["postgres"]["error"].is_string(), "{body}");
    assert_eq!(body["checks"]["redis"]["status"], "up");
}
