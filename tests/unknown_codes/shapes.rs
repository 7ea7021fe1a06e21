//! Answers shaped otherwise than the notes: an envelope on a 4xx/5xx, an add without
//! `body.code`, a `/get` body wrapped in one more object.

use std::time::Duration;

use dinamize_sync::auth::Role;
use dinamize_sync::sim::{FaultPatch, SimCodes};
use serde_json::{Value, json};

use super::support::{calls, service, simulator};

const CREATE: &str = "/api/dinamize/contacts";

#[actix_web::test]
async fn an_envelope_on_an_http_error_is_decoded_and_its_retry_after_honoured() {
    let sim = simulator(SimCodes::default()).await;
    let app = service(&sim, |env| env).await;
    let token = app.token(1, Role::User);
    let missing = "/api/dinamize/contacts/424242?listCode=1";
    // Log in first: a "success" on an error status is not trusted (a proxy's page would be).
    let search = json!({"contact-list_code": "1"});
    let searched = app
        .post_json("/api/dinamize/contacts/search", &token, &search)
        .await;
    assert_eq!(searched.status(), 200);
    let patch = FaultPatch {
        http_status: Some(404),
        ..FaultPatch::default()
    };
    sim.state().patch_faults(patch).unwrap();
    let response = app.get_with(missing, &token).await;
    assert_eq!(
        response.status(),
        404,
        "the envelope's not-found code, not a 502"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["details"]["kind"], "not_found");

    let patch = FaultPatch {
        http_status: Some(429),
        ..FaultPatch::default()
    };
    sim.state().patch_faults(patch).unwrap();
    sim.state().start_storm(Duration::from_secs(40));
    let response = app.get_with(missing, &token).await;
    assert_eq!(response.status(), 429, "240024 on HTTP 429 is a rate limit");
    let retry_after: u64 = response.headers()["Retry-After"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((30..=40).contains(&retry_after), "{retry_after}");
}

#[actix_web::test]
async fn an_add_answered_without_its_code_is_found_by_its_email() {
    let sim = simulator(SimCodes::default()).await;
    let app = service(&sim, |env| env).await;
    let token = app.token(1, Role::User);
    let patch = FaultPatch {
        add_without_code: Some(true),
        ..FaultPatch::default()
    };
    sim.state().patch_faults(patch).unwrap();
    let contact = json!({"email": "nocode@shape.test", "name": "N", "contact-list_code": "1"});
    let response = app.post_json(CREATE, &token, &contact).await;
    assert_eq!(response.status(), 201, "not a 502 after creating it");
    let body: Value = response.json().await.unwrap();
    let stored = sim.state().contacts("300001", 1);
    assert_eq!(stored.len(), 1);
    assert_eq!(body["code"], stored[0]["code"]);
    assert_eq!(calls(&sim, "/emkt/contact/search"), 1);
}

#[actix_web::test]
async fn a_get_body_wrapped_in_one_more_object_is_read() {
    let sim = simulator(SimCodes::default()).await;
    let app = service(&sim, |env| env).await;
    let token = app.token(1, Role::User);
    let contact = json!({"email": "wrapped@shape.test", "name": "W", "contact-list_code": "1"});
    let created: Value = app
        .post_json(CREATE, &token, &contact)
        .await
        .json()
        .await
        .unwrap();
    let code = created["code"].as_str().unwrap().to_owned();
    let patch = FaultPatch {
        wrap_get: Some("contact".into()),
        ..FaultPatch::default()
    };
    sim.state().patch_faults(patch).unwrap();
    let response = app
        .get_with(&format!("{CREATE}/{code}?listCode=1"), &token)
        .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["email"], "wrapped@shape.test");
}
