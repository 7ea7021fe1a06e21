//! The CRM's JWT in front of every contact route, as the CRM shapes it (numeric `sub`,
//! `companyId` a number or null, `companyIds`, `temp` on a login token), and tenant isolation.

use dinamize_sync::auth::{Claims, Role};
use serde_json::{Value, json};

use super::common::{TestApp, spawn_app};

fn claims(company_id: i64, exp_offset: i64) -> Claims {
    let now = chrono::Utc::now().timestamp();
    Claims::for_company(7, company_id, Role::User, now, exp_offset)
}

/// A payload exactly as the CRM's backend signs it after a company was chosen.
fn crm_payload(company_id: Value, company_ids: &[i64]) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({"sub": 42, "email": "ana@dwu.com.br", "role": "USER", "companyId": company_id,
        "companyIds": company_ids, "exp": now + 3600, "iat": now})
}

async fn search(app: &TestApp, token: &str, company: Option<&str>) -> reqwest::Response {
    let mut request = app
        .http
        .post(format!(
            "{}/api/dinamize/contacts/search?lang=en",
            app.address
        ))
        .bearer_auth(token)
        .json(&json!({"contact-list_code": "1"}));
    if let Some(company) = company {
        request = request.header("X-Company-Id", company);
    }
    request.send().await.unwrap()
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
    let now = chrono::Utc::now().timestamp();
    let mut temp = crm_payload(Value::Null, &[1]);
    temp["temp"] = json!(true);
    temp["exp"] = json!(now + 300);
    let temp = app.sign_payload(&temp);
    let mut early = crm_payload(json!(1), &[1]);
    early["nbf"] = json!(now + 600);
    let early = app.sign_payload(&early);
    let mut no_exp = crm_payload(json!(1), &[1]);
    no_exp.as_object_mut().unwrap().remove("exp");
    let no_exp = app.sign_payload(&no_exp);
    let cases: Vec<(&str, Option<String>)> = vec![
        ("missing", None),
        ("not bearer", Some("Basic dXNlcjpwYXNz".into())),
        ("malformed", Some("Bearer not-a-jwt".into())),
        ("expired", Some(format!("Bearer {expired}"))),
        ("wrongly signed", Some(format!("Bearer {foreign}"))),
        ("alg none", Some(format!("Bearer {unsigned}"))),
        ("temporary", Some(format!("Bearer {temp}"))),
        ("not yet valid", Some(format!("Bearer {early}"))),
        ("no exp", Some(format!("Bearer {no_exp}"))),
    ];
    let reasons = [
        "missing",
        "not a Bearer",
        "well-formed",
        "expired",
        "signature",
        "alg \"none\"",
        "temporary login token",
        "not valid yet",
        "claim `exp`",
    ];
    for ((name, header), reason) in cases.into_iter().zip(reasons) {
        let mut request = app.http.post(format!("{url}?lang=en")).json(&body);
        if let Some(header) = header {
            request = request.header("Authorization", header);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{name}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["code"], "unauthorized", "{name}");
        assert_eq!(error["error"], "Unauthorized", "{name}");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(reason), "{name}: {message}");
        assert!(
            !message.contains("Json(") && !message.contains("Error("),
            "{message}"
        );
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

#[actix_web::test]
async fn a_token_shaped_as_the_crm_signs_it_opens_the_api() {
    let app = spawn_app().await;
    let token = app.sign_payload(&crm_payload(json!(1), &[1]));
    assert_eq!(search(&app, &token, None).await.status(), 200);
}

#[actix_web::test]
async fn a_null_company_needs_x_company_id_which_must_be_one_of_the_tokens_companies() {
    let app = spawn_app().await;
    app.add_company(2, "300002", true).await;
    let token = app.sign_payload(&crm_payload(Value::Null, &[1, 2]));
    let response = search(&app, &token, None).await;
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "company_required");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("choose a company"),
        "{error}"
    );
    assert_eq!(search(&app, &token, Some("2")).await.status(), 200);
    assert_eq!(search(&app, &token, Some("3")).await.status(), 403);
    let chosen = app.sign_payload(&crm_payload(json!(1), &[1, 2]));
    assert_eq!(
        search(&app, &chosen, Some("2")).await.status(),
        200,
        "X-Company-Id wins over companyId"
    );
}
