//! When Dinamize says no, or cannot be reached: 429 with Retry-After (never a hang), expired
//! tokens renewed transparently, misconfigured accounts 503, Dinamize down 502/504.

use std::time::{Duration, Instant};

use dinamize_sync::auth::Role;
use dinamize_sync::sim::FaultPatch;
use serde_json::{Value, json};

use super::common::{spawn_app, spawn_app_with};

const SEARCH: &str = "/api/dinamize/contacts/search";

fn body() -> Value {
    json!({"contact-list_code": "1"})
}

#[actix_web::test]
async fn a_rate_limit_longer_than_the_deadline_is_a_429_with_retry_after_at_once() {
    let app = spawn_app().await;
    let token = app.token(1, Role::User);
    assert_eq!(app.post_json(SEARCH, &token, &body()).await.status(), 200);
    app.sim().state().start_storm(Duration::from_secs(40));
    let started = Instant::now();
    let response = app.post_json(SEARCH, &token, &body()).await;
    assert_eq!(response.status(), 429);
    let retry_after: u64 = response.headers()["Retry-After"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((30..=40).contains(&retry_after), "{retry_after}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "no hang: {:?}",
        started.elapsed()
    );
    let searches = app.sim_requests("/emkt/contact/search").len();
    // The 240024 blocked the company in the limiter: the next call does not reach Dinamize.
    assert_eq!(app.post_json(SEARCH, &token, &body()).await.status(), 429);
    assert_eq!(app.sim_requests("/emkt/contact/search").len(), searches);
}

#[actix_web::test]
async fn a_short_dinamize_rate_limit_is_waited_out_within_the_deadline() {
    let app = spawn_app().await;
    let token = app.token(1, Role::User);
    assert_eq!(app.post_json(SEARCH, &token, &body()).await.status(), 200);
    app.sim().state().start_storm(Duration::from_secs(2));
    let response = app.post_json(SEARCH, &token, &body()).await;
    assert_eq!(
        response.status(),
        200,
        "waited for retry-after, then retried"
    );
    let codes: Vec<Option<String>> = app
        .sim_requests("/emkt/contact/search")
        .into_iter()
        .map(|e| e.response_code)
        .collect();
    assert_eq!(
        codes,
        [
            Some("480001".into()),
            Some("240024".into()),
            Some("480001".into())
        ]
    );
}

#[actix_web::test]
async fn our_own_limit_answers_429_before_dinamize_is_asked() {
    let app = spawn_app_with(|env| env.with("DINAMIZE_RATE_LIMIT_PER_MINUTE", "3")).await;
    let token = app.token(1, Role::User);
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(
            app.post_json(SEARCH, &token, &body())
                .await
                .status()
                .as_u16(),
        );
    }
    // /auth is a request Dinamize counts too: it took one of the three slots.
    assert_eq!(statuses, [200, 200, 429, 429]);
    let journal = app.sim().state().journal();
    assert_eq!(journal.len(), 3, "Dinamize saw exactly its limit");
    assert!(
        journal
            .iter()
            .all(|e| e.response_code.as_deref() == Some("480001")),
        "and never had to refuse"
    );
}

#[actix_web::test]
async fn an_expired_token_is_renewed_without_the_caller_noticing() {
    let app = spawn_app().await;
    let token = app.token(1, Role::User);
    assert_eq!(app.post_json(SEARCH, &token, &body()).await.status(), 200);
    assert_eq!(app.sim_requests("/auth").len(), 1);
    app.sim().state().expire_tokens();
    assert_eq!(app.post_json(SEARCH, &token, &body()).await.status(), 200);
    assert_eq!(app.sim_requests("/auth").len(), 2, "one re-authentication");
    let searches = app.sim_requests("/emkt/contact/search");
    assert_eq!(
        searches.len(),
        3,
        "the refused search was sent again with the new token"
    );
    assert_eq!(searches[1].response_code.as_deref(), Some("240005"));
}

#[actix_web::test]
async fn a_misconfigured_account_is_a_503_naming_the_problem() {
    let app = spawn_app().await;
    app.add_company(3, "300003", false).await;
    let token = app.token(3, Role::User);
    let response = app.post_json(SEARCH, &token, &body()).await;
    assert_eq!(response.status(), 503);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "dinamize_account_misconfigured");
    assert!(
        error["message"].as_str().unwrap().contains("240004"),
        "{error}"
    );
    assert_eq!(app.post_json(SEARCH, &token, &body()).await.status(), 503);
    assert_eq!(
        app.sim_requests("/auth").len(),
        1,
        "refused credentials are not retried"
    );
    let no_account = app.token(99, Role::User);
    assert_eq!(
        app.post_json(SEARCH, &no_account, &body()).await.status(),
        503
    );
}

#[actix_web::test]
async fn dinamize_not_answering_is_504_and_unreachable_is_502() {
    let app = spawn_app_with(|env| env.with("DINAMIZE_REQUEST_TIMEOUT", "700")).await;
    let token = app.token(1, Role::User);
    assert_eq!(app.post_json(SEARCH, &token, &body()).await.status(), 200);
    let patch = FaultPatch {
        timeout_rate: Some(1.0),
        ..FaultPatch::default()
    };
    app.sim().state().patch_faults(patch).unwrap();
    let response = app.post_json(SEARCH, &token, &body()).await;
    assert_eq!(response.status(), 504);
    app.sim().state().clear_faults();
    app.sim().stop().await;
    let response = app.post_json(SEARCH, &token, &body()).await;
    assert_eq!(response.status(), 502);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "dinamize_unavailable");
}
