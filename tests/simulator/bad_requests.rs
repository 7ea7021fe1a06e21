//! Malformed requests: each gets HTTP 200 and the envelope with an error code, never a crash.

use crate::support::{code, start_default};
use serde_json::json;

#[actix_web::test]
async fn every_bad_request_gets_an_envelope_with_an_error_code() {
    let sim = start_default().await;
    let token = sim.login().await;
    let search = "/emkt/contact/search";
    let cases: &[(&str, &str, &str)] = &[
        ("/auth", "not json", "240104"),
        ("/auth", "[]", "240104"),
        (
            "/auth",
            r#"{"user": 5, "password": [], "client_code": "300001"}"#,
            "240104",
        ),
        (search, "{", "240104"),
        (search, "\"text\"", "240104"),
        (search, "{}", "240104"),
        (search, r#"{"contact-list_code": "one"}"#, "240104"),
        (
            search,
            r#"{"contact-list_code": "1", "page_size": "10001"}"#,
            "240104",
        ),
        (
            search,
            r#"{"contact-list_code": "1", "page_number": "0"}"#,
            "240104",
        ),
        (
            search,
            r#"{"contact-list_code": "1", "page_number": "x"}"#,
            "240104",
        ),
        (
            search,
            r#"{"contact-list_code": "1", "status_contact": "ALL"}"#,
            "240104",
        ),
        (
            search,
            r#"{"contact-list_code": "1", "search": {"field": "email"}}"#,
            "240104",
        ),
        (
            search,
            r#"{"contact-list_code": "1", "search": [{"field": "email", "operator": "~", "value": "a"}]}"#,
            "240104",
        ),
        (
            search,
            r#"{"contact-list_code": "1", "search": [{"field": "shoe", "operator": "=", "value": "a"}]}"#,
            "240104",
        ),
        (
            search,
            r#"{"contact-list_code": "1", "search": [{"field": "email", "operator": "=", "value": {}}]}"#,
            "240104",
        ),
        (
            search,
            r#"{"contact-list_code": "1", "order": [{"field": "email", "type": "UP"}]}"#,
            "240104",
        ),
        (
            search,
            r#"{"contact-list_code": "1", "custom_filter": "12"}"#,
            "240104",
        ),
        (search, r#"{"contact-list_code": "2"}"#, "240103"),
        (
            "/emkt/contact/add",
            r#"{"contact-list_code": "1"}"#,
            "240104",
        ),
        (
            "/emkt/contact/add",
            r#"{"contact-list_code": "1", "email": "a@x.com", "custom_fields": []}"#,
            "240104",
        ),
        (
            "/emkt/contact/add",
            r#"{"contact-list_code": "1", "email": "a@x.com", "custom_fields": {"cmp99": "x"}}"#,
            "240104",
        ),
        (
            "/emkt/contact/add",
            r#"{"contact-list_code": "1", "email": "a@x.com", "date_rest": "tomorrow"}"#,
            "240104",
        ),
        (
            "/emkt/contact/add",
            r#"{"contact-list_code": "1", "email": 12}"#,
            "240102",
        ),
        (
            "/emkt/contact/get",
            r#"{"contact-list_code": "1", "contact_code": true}"#,
            "240104",
        ),
        (
            "/emkt/contact/update",
            r#"{"contact-list_code": "1"}"#,
            "240104",
        ),
        (
            "/emkt/field-lov/search",
            r#"{"contact-list_code": "1", "field_code": "4"}"#,
            "240104",
        ),
        (
            "/emkt/field-lov/search",
            r#"{"contact-list_code": "1"}"#,
            "240104",
        ),
        ("/emkt/import/get", "{}", "240104"),
        ("/emkt/contact", "{}", "240104"),
        ("/emkt/nothing", "{}", "240104"),
    ];
    for (path, body, expected) in cases {
        let envelope = sim.post_raw(path, Some(&token), body).await;
        assert_eq!(code(&envelope), *expected, "{path} {body} -> {envelope}");
        assert!(
            envelope["code_detail"]
                .as_str()
                .unwrap()
                .starts_with("Requisição")
                || *expected != "240104"
        );
        assert_eq!(envelope["warning"], json!([]));
    }
}

#[actix_web::test]
async fn a_get_or_a_form_post_to_a_dinamize_route_still_gets_an_envelope() {
    let sim = start_default().await;
    let response = sim
        .http
        .get(sim.url("/emkt/contact/search"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let envelope: serde_json::Value = response.json().await.unwrap();
    assert_eq!(code(&envelope), "240104");
    let token = sim.login().await;
    let response = sim
        .http
        .post(sim.url("/emkt/contact/search"))
        .header("auth-token", &token)
        .header("content-type", "text/plain")
        .body(r#"{"contact-list_code": 1}"#)
        .send()
        .await
        .unwrap();
    let envelope: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        code(&envelope),
        "480001",
        "the body is read as JSON whatever its type"
    );
}
