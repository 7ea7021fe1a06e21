//! The per-client-code limit on the simulator's clock: 240024 with `retry-after` as a string of
//! the exact seconds until a slot frees, recovery once the window moves on.

use crate::support::{Sim, code, start};
use dinamize_sync::sim::{Account, SimConfig};
use serde_json::{Value, json};
use std::time::Duration;

fn limited(limit: u32) -> SimConfig {
    SimConfig {
        rate_limit: limit,
        window: Duration::from_secs(60),
        ..SimConfig::default()
    }
}

async fn list_search(sim: &Sim, token: &str) -> Value {
    sim.call(token, "/emkt/contact-list/search", json!({}))
        .await
}

#[actix_web::test]
async fn the_request_over_the_limit_gets_240024_with_retry_after_as_a_string() {
    let sim = start(limited(3)).await;
    let token = sim.login().await;
    sim.handle.state().advance_clock(Duration::from_secs(20));
    for _ in 0..2 {
        assert_eq!(code(&list_search(&sim, &token).await), "480001");
    }
    let refused = list_search(&sim, &token).await;
    assert_eq!(code(&refused), "240024");
    assert_eq!(
        refused["body"],
        json!({"retry-after": "40"}),
        "the /auth call frees its slot 40 s on"
    );
    sim.handle.state().advance_clock(Duration::from_secs(40));
    assert_eq!(code(&list_search(&sim, &token).await), "480001");
    let refused = list_search(&sim, &token).await;
    assert_eq!(refused["body"]["retry-after"], "20");
}

#[actix_web::test]
async fn refused_requests_do_not_count_and_the_window_recovers() {
    let sim = start(limited(2)).await;
    let token = sim.login().await;
    assert_eq!(code(&list_search(&sim, &token).await), "480001");
    for _ in 0..5 {
        assert_eq!(code(&list_search(&sim, &token).await), "240024");
    }
    sim.handle.state().advance_clock(Duration::from_secs(60));
    assert_eq!(code(&list_search(&sim, &token).await), "480001");
    assert_eq!(code(&list_search(&sim, &token).await), "480001");
    assert_eq!(code(&list_search(&sim, &token).await), "240024");
}

#[actix_web::test]
async fn auth_counts_against_the_limit_of_its_client_code_only() {
    let sim = start(limited(2)).await;
    sim.handle
        .state()
        .add_account(Account::new("b@x", "pw", "300002"));
    sim.login().await;
    sim.login().await;
    let body =
        json!({"user": "sim@dwu.local", "password": "sim-password", "client_code": "300001"});
    assert_eq!(code(&sim.post("/auth", None, body).await), "240024");
    let other = sim.login_as("b@x", "pw", "300002").await;
    assert_eq!(code(&list_search(&sim, &other).await), "480001");
}

#[actix_web::test]
async fn the_limit_changes_at_run_time() {
    let sim = start(limited(1)).await;
    let token = sim.login().await;
    assert_eq!(code(&list_search(&sim, &token).await), "240024");
    let body = json!({"limit": 100, "window_ms": 1000});
    let limit = sim.admin(reqwest::Method::POST, "/_sim/limit", body).await;
    assert_eq!(limit, json!({"limit": 100, "window_ms": 1000}));
    assert_eq!(code(&list_search(&sim, &token).await), "480001");
}
