//! `DINAMIZE_CODE_*` is what makes foreign codes work; an unknown code costs one token check,
//! once; an unknown expired-token code no longer leaves the token dead.

use dinamize_sync::auth::Role;
use serde_json::{Value, json};

use super::support::{calls, foreign_codes, service, simulator};

const SEARCH: &str = "/api/dinamize/contacts/search";
const MISSING: &str = "/api/dinamize/contacts/987654?listCode=1";

async fn kind(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (status, body["details"]["kind"].clone())
}

#[actix_web::test]
async fn foreign_codes_are_understood_only_once_dinamize_code_names_them() {
    let sim = simulator(foreign_codes()).await;
    let app = service(&sim, |env| env).await;
    let token = app.token(1, Role::User);
    let (status, kind_seen) = kind(app.get_with(MISSING, &token).await).await;
    assert_eq!(
        (status, kind_seen),
        (422, json!("api_error")),
        "without the setting"
    );

    let sim = simulator(foreign_codes()).await;
    let app = service(&sim, |env| env.with("DINAMIZE_CODE_NOT_FOUND", "310101")).await;
    let token = app.token(1, Role::User);
    let (status, kind_seen) = kind(app.get_with(MISSING, &token).await).await;
    assert_eq!(
        (status, kind_seen),
        (404, json!("not_found")),
        "with the setting"
    );
    assert_eq!(calls(&sim, "/auth"), 1, "a known code costs no token check");
}

#[actix_web::test]
async fn an_unknown_code_costs_one_token_check_and_is_then_remembered() {
    let sim = simulator(foreign_codes()).await;
    let app = service(&sim, |env| env).await;
    let token = app.token(1, Role::User);
    kind(app.get_with(MISSING, &token).await).await;
    assert_eq!(calls(&sim, "/auth"), 2, "the first login, then the check");
    assert_eq!(
        calls(&sim, "/emkt/contact/get"),
        2,
        "the get was repeated once"
    );
    kind(app.get_with(MISSING, &token).await).await;
    assert_eq!(
        calls(&sim, "/auth"),
        2,
        "the code is known to be unrelated now"
    );
    let checks = app.state.actors.token_checks.snapshot();
    assert_eq!(checks.checks, 1);
    assert_eq!(checks.not_token_codes, vec!["310101".to_string()]);
}

#[actix_web::test]
async fn a_token_dead_under_an_unknown_code_is_replaced_and_the_call_succeeds() {
    let sim = simulator(foreign_codes()).await;
    let app = service(&sim, |env| env).await;
    let token = app.token(1, Role::User);
    let body = json!({"contact-list_code": "1"});
    assert_eq!(app.post_json(SEARCH, &token, &body).await.status(), 200);
    sim.state().expire_tokens();
    let response = app.post_json(SEARCH, &token, &body).await;
    assert_eq!(
        response.status(),
        200,
        "the token check found a fresh token"
    );
    assert_eq!(calls(&sim, "/auth"), 2);
    let checks = app.state.actors.token_checks.snapshot();
    assert_eq!(checks.dead_tokens, 1);
    assert_eq!(checks.token_codes, vec!["310005".to_string()]);
    // The next call uses the fresh token: no further login.
    assert_eq!(app.post_json(SEARCH, &token, &body).await.status(), 200);
    assert_eq!(calls(&sim, "/auth"), 2);
}

#[actix_web::test]
async fn a_create_under_a_dead_token_searches_by_email_before_adding_again() {
    let sim = simulator(foreign_codes()).await;
    let app = service(&sim, |env| env).await;
    let token = app.token(1, Role::User);
    let contact = json!({"email": "dead@token.test", "name": "D", "contact-list_code": "1"});
    let first = app
        .post_json(SEARCH, &token, &json!({"contact-list_code": "1"}))
        .await;
    assert_eq!(first.status(), 200);
    sim.state().expire_tokens();
    let response = app
        .post_json("/api/dinamize/contacts", &token, &contact)
        .await;
    assert_eq!(response.status(), 201);
    let paths: Vec<String> = sim.state().journal().into_iter().map(|e| e.path).collect();
    let tail: Vec<&str> = paths[paths.len() - 4..]
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(
        tail,
        [
            "/emkt/contact/add",
            "/auth",
            "/emkt/contact/search",
            "/emkt/contact/add"
        ]
    );
    assert_eq!(sim.state().contacts("300001", 1).len(), 1, "created once");
}

#[actix_web::test]
async fn a_token_check_whose_login_fails_keeps_the_token_and_remembers_the_code() {
    let sim = simulator(foreign_codes()).await;
    let app = service(&sim, |env| env).await;
    let token = app.token(1, Role::User);
    let body = json!({"contact-list_code": "1"});
    assert_eq!(app.post_json(SEARCH, &token, &body).await.status(), 200);
    let outage = dinamize_sync::sim::FaultPatch {
        error_rate: Some(1.0),
        ..Default::default()
    };
    sim.state().patch_faults(outage).unwrap();
    let (status, _) = kind(app.post_json(SEARCH, &token, &body).await).await;
    assert_eq!(status, 422);
    assert_eq!(calls(&sim, "/auth"), 2, "one check login, answered 999999");
    let checks = app.state.actors.token_checks.snapshot();
    assert_eq!(checks.not_token_codes, vec!["999999".to_string()]);
    sim.state().clear_faults();
    assert_eq!(app.post_json(SEARCH, &token, &body).await.status(), 200);
    assert_eq!(
        calls(&sim, "/auth"),
        2,
        "the old token was kept and still works"
    );
}
