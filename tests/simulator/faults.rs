//! Fault injection: error rate with a code, rate-limit storms, expiring tokens, latency, timeouts.

use crate::support::{code, start, start_default};
use dinamize_sync::sim::{FaultSettings, SimConfig};
use reqwest::Method;
use serde_json::json;
use std::time::{Duration, Instant};

#[actix_web::test]
async fn an_error_rate_of_one_answers_the_chosen_code_to_everything() {
    let sim = start_default().await;
    let token = sim.login().await;
    let set = sim
        .admin(
            Method::POST,
            "/_sim/faults",
            json!({"error_rate": 1.0, "error_code": "250000"}),
        )
        .await;
    assert_eq!(set["error_rate"], 1.0);
    let envelope = sim
        .call(&token, "/emkt/contact-list/search", json!({}))
        .await;
    assert_eq!(code(&envelope), "250000");
    assert_eq!(sim.admin_get("/_sim/faults").await["error_code"], "250000");
    sim.admin(Method::DELETE, "/_sim/faults", json!({})).await;
    let envelope = sim
        .call(&token, "/emkt/contact-list/search", json!({}))
        .await;
    assert_eq!(code(&envelope), "480001");
}

#[actix_web::test]
async fn a_storm_answers_240024_until_it_ends() {
    let sim = start_default().await;
    let token = sim.login().await;
    sim.admin(Method::POST, "/_sim/faults", json!({"storm_secs": 30}))
        .await;
    for path in ["/emkt/contact-list/search", "/auth"] {
        let envelope = sim.call(&token, path, json!({})).await;
        assert_eq!(code(&envelope), "240024");
        assert_eq!(envelope["body"]["retry-after"], "30");
    }
    sim.handle.state().advance_clock(Duration::from_secs(30));
    let envelope = sim
        .call(&token, "/emkt/contact-list/search", json!({}))
        .await;
    assert_eq!(code(&envelope), "480001");
}

#[actix_web::test]
async fn expiring_tokens_makes_every_token_answer_expired() {
    let sim = start_default().await;
    let (a, b) = (sim.login().await, sim.login().await);
    let expired = sim
        .admin(Method::POST, "/_sim/tokens/expire", json!({}))
        .await;
    assert_eq!(expired["expired"], 2);
    for token in [a, b] {
        let envelope = sim
            .call(&token, "/emkt/contact-list/search", json!({}))
            .await;
        assert_eq!(code(&envelope), "240005");
    }
    let fresh = sim.login().await;
    let envelope = sim
        .call(&fresh, "/emkt/contact-list/search", json!({}))
        .await;
    assert_eq!(code(&envelope), "480001");
}

#[actix_web::test]
async fn fixed_and_random_latency_delay_the_answer() {
    let config = SimConfig {
        faults: FaultSettings {
            latency_ms: 150,
            ..FaultSettings::default()
        },
        ..SimConfig::default()
    };
    let sim = start(config).await;
    let started = Instant::now();
    sim.login().await;
    assert!(started.elapsed() >= Duration::from_millis(150));
    let range = json!({"latency_ms": 0, "latency_min_ms": 100, "latency_max_ms": 120});
    sim.admin(Method::POST, "/_sim/faults", range).await;
    let started = Instant::now();
    sim.login().await;
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(100), "{took:?}");
}

#[actix_web::test]
async fn a_timed_out_request_is_never_answered_but_is_journaled() {
    let sim = start_default().await;
    sim.admin(Method::POST, "/_sim/faults", json!({"timeout_rate": 1.0}))
        .await;
    let result = sim
        .http
        .post(sim.url("/auth"))
        .json(&json!({}))
        .timeout(Duration::from_millis(300))
        .send()
        .await;
    assert!(result.unwrap_err().is_timeout());
    let journal = sim.handle.state().journal();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].response_code, None);
    sim.handle.state().clear_faults();
    sim.login().await;
    sim.handle.stop().await;
}

#[actix_web::test]
async fn out_of_range_rates_are_refused_by_the_admin_route() {
    let sim = start_default().await;
    let response = sim
        .http
        .post(sim.url("/_sim/faults"))
        .json(&json!({"error_rate": 2.0}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}
