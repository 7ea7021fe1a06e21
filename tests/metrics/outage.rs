//! A Redis outage shows on `/metrics`: the limiter's failing-open gauge and its decisions
//! labelled `failing_open="true"`.

use dinamize_sync::auth::Role;
use serde_json::json;

use super::common::{OwnRedis, free_port};
use super::scrape::Metrics;
use super::support::sync_app;

#[actix_web::test]
async fn a_redis_outage_shows_as_the_limiter_failing_open() {
    let mut redis = OwnRedis::start(free_port());
    redis.wait_ready().await;
    let port = redis.port.to_string();
    let app = sync_app(|env| env.with("REDIS_PORT", port).with("SYNC_ENABLED", "false")).await;
    let token = app.token(1, Role::Admin);
    let search = json!({"contact-list_code": "1"});
    let before = Metrics::scrape(&app).await;
    assert_eq!(before.value("dinamize_sync_limiter_failing_open", &[]), 0.0);

    redis.stop();
    let response = app
        .post_json("/api/dinamize/contacts/search", &token, &search)
        .await;
    assert_eq!(response.status(), 200, "the service works on without Redis");
    let after = Metrics::scrape(&app).await;
    assert_eq!(after.value("dinamize_sync_limiter_failing_open", &[]), 1.0);
    let open = [("lane", "interactive"), ("failing_open", "true")];
    assert!(after.value("dinamize_sync_limiter_decisions_total", &open) >= 1.0);
}
