//! Each endpoint end to end, asserting both the answer and what reached Dinamize.

use dinamize_sync::auth::Role;
use serde_json::{Value, json};

use super::common::{TestApp, spawn_app};

async fn created_code(app: &TestApp, token: &str, email: &str) -> String {
    let body = json!({"email": email, "name": "Ana", "contact-list_code": 1, "custom_fields": {"cmp4": "vip", "cmp5": 7}});
    let response = app.post_json("/api/dinamize/contacts", token, &body).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    created["code"].as_str().unwrap().to_string()
}

#[actix_web::test]
async fn search_answers_clean_json_and_sends_dinamize_strings() {
    let app = spawn_app().await;
    let token = app.token(1, Role::User);
    let code = app.sim().state().default_client_code();
    app.sim().state().seed_contacts(&code, 1, 12).unwrap();
    let body = json!({"contact-list_code": 1, "page_number": 1, "page_size": 5, "status_contact": "NO_REST",
        "search": [{"field": "email", "operator": "*v*", "value": "@"}]});
    let response = app
        .post_json("/api/dinamize/contacts/search", &token, &body)
        .await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 5);
    assert_eq!(
        (
            page["page_number"].as_u64(),
            page["page_size"].as_u64(),
            page["next"].as_bool()
        ),
        (Some(1), Some(5), Some(true))
    );
    assert!(page["items"][0]["code"].is_string() && page.get("code_detail").is_none());

    let sent = app.sim_requests("/emkt/contact/search");
    let sent = sent.last().unwrap();
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.body["contact-list_code"], "1");
    assert_eq!(
        (
            sent.body["page_number"].as_str(),
            sent.body["page_size"].as_str()
        ),
        (Some("1"), Some("5"))
    );
    assert_eq!(
        sent.body["search"][0],
        json!({"field": "email", "operator": "*v*", "value": "@"})
    );
    assert!(sent.headers.contains_key("auth-token") && !sent.headers.contains_key("authorization"));
}

#[actix_web::test]
async fn a_contact_is_created_read_updated_and_deleted() {
    let app = spawn_app().await;
    let token = app.token(1, Role::User);
    let code = created_code(&app, &token, "ana@example.com").await;
    let added = app.sim_requests("/emkt/contact/add");
    assert_eq!(added[0].body["email"], "ana@example.com");
    assert_eq!(
        added[0].body["custom_fields"],
        json!({"cmp4": "vip", "cmp5": 7})
    );

    let url = format!("/api/dinamize/contacts/{code}?listCode=1");
    let contact: Value = app.get_with(&url, &token).await.json().await.unwrap();
    assert_eq!(
        (contact["email"].as_str(), contact["name"].as_str()),
        (Some("ana@example.com"), Some("Ana"))
    );
    assert_eq!(contact["custom_fields"]["cmp4"], "vip");

    let update = json!({"contact-list_code": "1", "name": "Ana Maria"});
    let response = app
        .post_json(
            &format!("/api/dinamize/contacts/{code}/update"),
            &token,
            &update,
        )
        .await;
    assert_eq!(response.status(), 200);
    let sent = app.sim_requests("/emkt/contact/update");
    assert_eq!(sent[0].body["contact_code"], code.as_str());
    assert!(
        sent[0].body.get("email").is_none(),
        "omitted fields are not sent"
    );
    let contact: Value = app.get_with(&url, &token).await.json().await.unwrap();
    assert_eq!(
        (contact["name"].as_str(), contact["email"].as_str()),
        (Some("Ana Maria"), Some("ana@example.com"))
    );

    let response = app
        .post_json(
            &format!("/api/dinamize/contacts/{code}/delete?listCode=1"),
            &token,
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.sim_requests("/emkt/contact/delete")[0].body,
        json!({"contact_code": code, "contact-list_code": "1"})
    );
    let gone = app.get_with(&url, &token).await;
    assert_eq!(gone.status(), 404, "Dinamize's not-found");
    let error: Value = gone.json().await.unwrap();
    assert_eq!(error["details"]["dinamize_code"], "240101");
}

#[actix_web::test]
async fn a_duplicate_email_is_dinamizes_refusal_not_a_server_error() {
    let app = spawn_app().await;
    let token = app.token(1, Role::User);
    created_code(&app, &token, "dup@example.com").await;
    let body = json!({"email": "dup@example.com", "contact-list_code": "1"});
    let response = app.post_json("/api/dinamize/contacts", &token, &body).await;
    assert_eq!(response.status(), 409);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "dinamize_refused");
    assert_eq!(error["details"]["dinamize_code"], "240100");
    assert_eq!(error["details"]["kind"], "duplicate_contact");
}

#[actix_web::test]
async fn the_openapi_document_covers_every_route_and_renders_offline() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/health",
        "/ready",
        "/api/dinamize/contacts/search",
        "/api/dinamize/contacts",
        "/api/dinamize/contacts/{contactCode}",
        "/api/dinamize/contacts/{contactCode}/update",
        "/api/dinamize/contacts/{contactCode}/delete",
        "/api/dinamize/account",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is documented");
    }
    assert!(doc["components"]["schemas"].get("ErrorBody").is_some());
    let search = &doc["paths"]["/api/dinamize/contacts/search"]["post"];
    for status in [
        "200", "400", "401", "403", "404", "409", "413", "415", "422", "429", "502", "503", "504",
    ] {
        assert!(
            search["responses"].get(status).is_some(),
            "search documents {status}"
        );
    }
    assert!(
        search["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap()
            .ends_with("SearchRequest")
    );
    let account = &doc["paths"]["/api/dinamize/account"];
    for (method, status) in [
        ("get", "200"),
        ("get", "404"),
        ("put", "200"),
        ("put", "400"),
    ] {
        assert!(
            account[method]["responses"].get(status).is_some(),
            "{method} /api/dinamize/account documents {status}"
        );
    }
    let body = &account["put"]["requestBody"]["content"]["application/json"]["schema"];
    assert!(body["$ref"].as_str().unwrap().ends_with("AccountRequest"));
    let request = &doc["components"]["schemas"]["AccountRequest"]["allOf"];
    assert_eq!(
        request[0]["properties"]["requests_per_minute"]["maximum"],
        1000
    );
    let all_or_none = &request[1]["anyOf"];
    assert_eq!(
        all_or_none[1]["required"],
        serde_json::json!(["api_user", "password", "client_code"]),
        "credentials are given together"
    );
    let list = &doc["components"]["schemas"]["SearchRequest"]["properties"]["contact-list_code"];
    assert_eq!(
        list["oneOf"][0]["pattern"], "^[0-9]{1,20}$",
        "numeric codes"
    );
    assert!(doc["components"]["securitySchemes"].get("bearer").is_some());
    let page = app.get("/api/docs/").await;
    assert_eq!(page.status(), 200);
    assert!(
        page.text().await.unwrap().contains("swagger"),
        "the vendored Swagger UI page"
    );
}

#[actix_web::test]
async fn an_undeclared_method_on_a_declared_path_is_405_with_allow_and_a_json_body() {
    let app = spawn_app().await;
    for (method, path, allow) in [
        ("TRACE", "/ready", "GET"),
        ("DELETE", "/api/dinamize/contacts/7", "GET"),
        ("GET", "/api/dinamize/contacts/search", "POST"),
        ("PATCH", "/api/dinamize/account", "GET, PUT"),
    ] {
        let response = app
            .http
            .request(method.parse().unwrap(), format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{method} {path}");
        assert_eq!(response.headers()["allow"], allow, "{method} {path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["statusCode"], 405, "{body}");
        assert!(body["message"].is_string(), "{body}");
    }
    let missing = app.get("/no/such/route").await;
    assert_eq!(missing.status(), 404);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["statusCode"], 404, "{body}");
}
