//! The foundation: health and readiness, migrations, schema, the binary's start and stop.

mod common;

use common::{TestContext, spawn_app, spawn_app_with};
use dinamize_sync::config::DEFAULT_SCHEMA;
use dinamize_sync::db::migrations;

#[path = "foundation/binary.rs"]
mod binary;
#[path = "foundation/crm_tables.rs"]
mod crm_tables;
#[path = "foundation/layers.rs"]
mod layers;
#[path = "foundation/ready.rs"]
mod ready;
#[path = "foundation/schema.rs"]
mod schema;

#[actix_web::test]
async fn health_answers_200_without_touching_any_dependency() {
    let app = spawn_app_with(|env| env.with("REDIS_PORT", "1")).await;
    let response = app.get("/health").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[actix_web::test]
async fn ready_answers_200_when_postgres_and_redis_answer() {
    let app = spawn_app().await;
    let response = app.get("/ready").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["checks"]["postgres"]["status"], "up");
    assert_eq!(body["checks"]["redis"]["status"], "up");
    assert_eq!(body["failing"], serde_json::json!([]));
    assert_eq!(body["dinamize"], "embedded simulator");
    assert_eq!(body["dinamize_url"], app.sim().base_url());
}

#[actix_web::test]
async fn with_redis_down_calls_still_work_and_ready_shows_the_limiter_failing_open() {
    let app = spawn_app_with(|env| env.with("REDIS_PORT", "1")).await;
    let token = app.token(1, dinamize_sync::auth::Role::User);
    let search = serde_json::json!({"contact-list_code": "1"});
    let response = app
        .post_json("/api/dinamize/contacts/search", &token, &search)
        .await;
    assert_eq!(
        response.status(),
        200,
        "tokens from PostgreSQL, permits from memory"
    );
    let body: serde_json::Value = app.get("/ready").await.json().await.unwrap();
    assert!(
        body["limiter"]["mode"]
            .as_str()
            .unwrap()
            .starts_with("memory"),
        "{body}"
    );
    assert_eq!(body["limiter"]["outages"], 1);
}

#[actix_web::test]
async fn migrations_run_up_down_and_up_again() {
    let ctx = TestContext::new().await;
    let url = ctx.database_url();
    let reverted = migrations::revert_all(&url, DEFAULT_SCHEMA).await.unwrap();
    let count = std::fs::read_dir("migrations").unwrap().count();
    assert_eq!(reverted.len(), count, "every migration has a down script");
    assert!(
        schema::table_names(&ctx).await.is_empty(),
        "down removes every table"
    );
    let applied = migrations::run_pending(&url, DEFAULT_SCHEMA).await.unwrap();
    assert_eq!(applied.len(), count);
    assert_eq!(schema::table_names(&ctx).await.len(), 9);
    assert!(
        migrations::run_pending(&url, DEFAULT_SCHEMA)
            .await
            .unwrap()
            .is_empty(),
        "nothing left pending"
    );
}

#[actix_web::test]
async fn what_one_test_writes_is_invisible_to_another() {
    use diesel_async::RunQueryDsl;
    let (a, b) = (TestContext::new().await, TestContext::new().await);

    let mut conn = a.db.get().await.unwrap();
    diesel::sql_query("CREATE TABLE isolation_probe (x int)")
        .execute(&mut conn)
        .await
        .unwrap();
    assert!(
        schema::table_names(&a)
            .await
            .contains(&"isolation_probe".to_string())
    );
    assert!(
        !schema::table_names(&b)
            .await
            .contains(&"isolation_probe".to_string()),
        "the other test's database does not have it"
    );

    let key = a.redis.keys().global("isolation-probe");
    let mut redis = a.redis.connection().await.unwrap();
    let () = ::redis::cmd("SET")
        .arg(&key)
        .arg("1")
        .query_async(&mut redis)
        .await
        .unwrap();
    let under = |prefix: String| {
        let mut redis = redis.clone();
        async move {
            let keys: Vec<String> = ::redis::cmd("KEYS")
                .arg(format!("{prefix}*"))
                .query_async(&mut redis)
                .await
                .unwrap();
            keys
        }
    };
    assert_eq!(under(a.redis.keys().prefix().to_owned()).await, [key]);
    assert!(
        under(b.redis.keys().prefix().to_owned()).await.is_empty(),
        "the other test's prefix does not see it"
    );
}
