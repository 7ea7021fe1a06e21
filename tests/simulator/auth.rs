//! `/auth`, its errors, the token check on every other route, idle and maximum expiry.

use crate::support::{code, start, start_default};
use dinamize_sync::sim::{Account, Language, SimConfig};
use serde_json::json;
use std::time::Duration;

const MINUTE: Duration = Duration::from_secs(60);

#[actix_web::test]
async fn auth_answers_a_token_of_the_real_shape_and_the_manager_flag() {
    let sim = start_default().await;
    let body =
        json!({"user": "sim@dwu.local", "password": "sim-password", "client_code": "300001"});
    let envelope = sim.post("/auth", None, body).await;
    assert_eq!(code(&envelope), "480001");
    assert_eq!(envelope["code_detail"], "Sucesso");
    assert_eq!(envelope["warning"], json!([]));
    assert!(envelope["request_unique"].is_string());
    assert_eq!(envelope["body"]["manager"], false);
    let token = envelope["body"]["auth-token"].as_str().unwrap();
    let parts: Vec<&str> = token.splitn(4, '.').collect();
    let lengths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    assert_eq!(lengths, [5, 6, 2, 48], "{token}");
    assert!(
        parts[3]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/')
    );
}

#[actix_web::test]
async fn each_auth_mistake_gets_its_own_code() {
    let sim = start_default().await;
    let cases = [
        (
            json!({"password": "sim-password", "client_code": "300001"}),
            "240003",
        ),
        (
            json!({"user": "", "password": "x", "client_code": "300001"}),
            "240003",
        ),
        (
            json!({"user": "sim@dwu.local", "client_code": "300001"}),
            "240002",
        ),
        (
            json!({"user": "sim@dwu.local", "password": "wrong", "client_code": "300001"}),
            "240004",
        ),
        (
            json!({"user": "nobody@dwu.local", "password": "sim-password", "client_code": "300001"}),
            "240004",
        ),
        (
            json!({"user": "sim@dwu.local", "password": "sim-password", "client_code": "999999"}),
            "240029",
        ),
        (
            json!({"user": "sim@dwu.local", "password": "sim-password"}),
            "240029",
        ),
    ];
    for (body, expected) in cases {
        let envelope = sim.post("/auth", None, body.clone()).await;
        assert_eq!(code(&envelope), expected, "{body}");
        assert_eq!(envelope["body"], json!({}));
    }
}

#[actix_web::test]
async fn a_call_without_a_valid_token_gets_the_expired_token_code() {
    let sim = start_default().await;
    let body = json!({"contact-list_code": "1"});
    let missing = sim
        .post("/emkt/contact-list/search", None, body.clone())
        .await;
    assert_eq!(code(&missing), "240005");
    let unknown = sim
        .call("12345.123456.12.nope", "/emkt/contact-list/search", body)
        .await;
    assert_eq!(code(&unknown), "240005");
}

#[actix_web::test]
async fn each_use_resets_the_idle_clock_and_an_idle_token_expires() {
    let sim = start_default().await;
    let token = sim.login().await;
    let clock = |by| sim.handle.state().advance_clock(by);
    for _ in 0..3 {
        clock(59 * MINUTE);
        let envelope = sim
            .call(&token, "/emkt/contact-list/search", json!({}))
            .await;
        assert_eq!(code(&envelope), "480001");
    }
    clock(60 * MINUTE);
    let envelope = sim
        .call(&token, "/emkt/contact-list/search", json!({}))
        .await;
    assert_eq!(code(&envelope), "240005");
}

#[actix_web::test]
async fn a_token_in_constant_use_still_dies_at_its_maximum_age() {
    let sim = start_default().await;
    let token = sim.login().await;
    for _ in 0..28 {
        sim.handle.state().advance_clock(50 * MINUTE);
        let envelope = sim
            .call(&token, "/emkt/contact-list/search", json!({}))
            .await;
        assert_eq!(code(&envelope), "480001");
    }
    sim.handle.state().advance_clock(50 * MINUTE);
    let envelope = sim
        .call(&token, "/emkt/contact-list/search", json!({}))
        .await;
    assert_eq!(code(&envelope), "240005", "24 h 10 min after /auth");
}

#[actix_web::test]
async fn the_clock_advances_through_the_admin_route_too() {
    let sim = start_default().await;
    let token = sim.login().await;
    let clock = sim
        .admin(
            reqwest::Method::POST,
            "/_sim/clock/advance",
            json!({"secs": 3600}),
        )
        .await;
    assert!(clock["offset_ms"].as_u64().unwrap() >= 3_600_000);
    let envelope = sim
        .call(&token, "/emkt/contact-list/search", json!({}))
        .await;
    assert_eq!(code(&envelope), "240005");
}

#[actix_web::test]
async fn an_overflowing_clock_shift_is_refused_with_400_and_the_simulator_keeps_working() {
    let sim = start_default().await;
    for body in [
        json!({"secs": u64::MAX, "ms": u64::MAX}),
        json!({"secs": u64::MAX / 1000}),
    ] {
        let response = sim
            .http
            .post(sim.url("/_sim/clock/advance"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{body}");
        let error: serde_json::Value = response.json().await.unwrap();
        assert!(error["error"].is_string(), "{error}");
    }
    assert_eq!(sim.admin_get("/_sim/clock").await["offset_ms"], 0);
    let token = sim.login().await;
    let envelope = sim
        .call(&token, "/emkt/contact-list/search", json!({}))
        .await;
    assert_eq!(code(&envelope), "480001", "{envelope}");
}

#[actix_web::test]
async fn accounts_added_in_code_or_by_admin_can_log_in_with_their_own_data() {
    let config = SimConfig {
        language: Language::En,
        ..SimConfig::default()
    };
    let sim = start(config).await;
    sim.handle
        .state()
        .add_account(Account::new("b@x", "pw-b", "300002"));
    let account =
        json!({"user": "c@x", "password": "pw:c", "client_code": "300003", "manager": true});
    sim.admin(reqwest::Method::POST, "/_sim/accounts", account)
        .await;
    let b = sim.login_as("b@x", "pw-b", "300002").await;
    let body = json!({"user": "c@x", "password": "pw:c", "client_code": "300003"});
    let c = sim.post("/auth", None, body).await;
    assert_eq!(c["code_detail"], "Success");
    assert_eq!(c["body"]["manager"], true);
    sim.add(&b, json!({"email": "only-b@x.com"})).await;
    assert_eq!(sim.handle.state().contacts("300002", 1).len(), 1);
    assert_eq!(sim.handle.state().contacts("300001", 1).len(), 0);
}
