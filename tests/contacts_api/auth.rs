//! The CRM's JWT in front of every contact route, and tenant isolation.

use dinamize_sync::auth::{Claims, Role};
use serde_json::{Value, json};

use super::common::spawn_app;

fn claims(company_id: i64, exp_offset: i64) -> Claims {
    Claims {
        sub: "u".into(),
        company_id,
        company_ids: vec![company_id],
        role: Role::User,
        exp: chrono::Utc::now().timestamp() + exp_offset,
    }
}

#[actix_web::test]
async fn missing_malformed_expired_wrongly_signed_and_unsigned_tokens_get_401() {
    let app = spawn_app().await;
    let body = json!({"contact-list_code": "1"});
    let url = format!("{}/api/dinamize/contacts/search", app.address);
    let expired = app.sign(&claims(1, -60));
    let foreign =
        dinamize_sync::auth::issue(&claims(1, 3600), b"some-other-secret-some-other-secret")
            .unwrap();
    let payload = base64_url(&serde_json::to_vec(&claims(1, 3600)).unwrap());
    let unsigned = format!(
        "{}.{payload}.",
        base64_url(br#"{"alg":"none","typ":"JWT"}"#)
    );
    let cases: Vec<(&str, Option<String>)> = vec![
        ("missing", None),
        ("not bearer", Some("Basic dXNlcjpwYXNz".into())),
        ("malformed", Some("Bearer not-a-jwt".into())),
        ("expired", Some(format!("Bearer {expired}"))),
        ("wrongly signed", Some(format!("Bearer {foreign}"))),
        ("alg none", Some(format!("Bearer {unsigned}"))),
    ];
    for (name, header) in cases {
        let mut request = app.http.post(&url).json(&body);
        if let Some(header) = header {
            request = request.header("Authorization", header);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{name}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"]["code"], "unauthorized", "{name}");
    }
    assert!(
        app.sim().state().journal().is_empty(),
        "no token, no Dinamize call"
    );
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[actix_web::test]
async fn a_company_outside_the_tokens_companies_gets_403() {
    let app = spawn_app().await;
    app.add_company(2, "300002", true).await;
    let token = app.token(1, Role::Admin);
    let url = format!("{}/api/dinamize/contacts/search", app.address);
    let response = app
        .http
        .post(&url)
        .bearer_auth(&token)
        .header("X-Company-Id", "2")
        .json(&json!({"contact-list_code": "1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let mut both = claims(1, 3600);
    both.company_ids = vec![1, 2];
    let response = app
        .http
        .post(&url)
        .bearer_auth(app.sign(&both))
        .header("X-Company-Id", "2")
        .json(&json!({"contact-list_code": "1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        200,
        "X-Company-Id picks a company the token lists"
    );
}

#[actix_web::test]
async fn one_company_cannot_reach_another_companys_contacts() {
    let app = spawn_app().await;
    app.add_company(2, "300002", true).await;
    let (one, two) = (app.token(1, Role::User), app.token(2, Role::User));
    let created = app
        .post_json(
            "/api/dinamize/contacts",
            &one,
            &json!({"email": "secret@one.com", "contact-list_code": 1}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let code = created.json::<Value>().await.unwrap()["code"]
        .as_str()
        .unwrap()
        .to_string();

    let search = json!({"contact-list_code": 1, "search": [{"field": "email", "operator": "=", "value": "secret@one.com"}]});
    let page: Value = app
        .post_json("/api/dinamize/contacts/search", &two, &search)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        page["items"],
        json!([]),
        "company 2 searches its own Dinamize account"
    );
    let page: Value = app
        .post_json("/api/dinamize/contacts/search", &one, &search)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let other = app
        .get_with(&format!("/api/dinamize/contacts/{code}?listCode=1"), &two)
        .await;
    assert_eq!(
        other.status(),
        404,
        "company 1's contact is not found through company 2's account"
    );

    let tokens: Vec<String> = app
        .sim_requests("/emkt/contact/search")
        .iter()
        .map(|e| e.headers["auth-token"].as_str().unwrap().to_string())
        .collect();
    assert_ne!(
        tokens[0], tokens[1],
        "each company calls with its own token"
    );
}
