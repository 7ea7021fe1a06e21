//! One error shape on every route, NestJS's plus our code and details, in Portuguese unless
//! the caller asks for English (`?lang=` first, then `Accept-Language`).

use dinamize_sync::auth::Role;
use serde_json::{Value, json};

use super::common::spawn_app;

/// Checks the shape and returns the body.
async fn error_of(response: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status().as_u16(), status);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["statusCode"], status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert!(
        body.get("details").is_some(),
        "details is always present: {body}"
    );
    assert!(body.get("error").is_some_and(Value::is_string), "{body}");
    body
}

#[actix_web::test]
async fn an_unknown_route_is_a_404_in_the_error_shape_in_portuguese_or_english() {
    let app = spawn_app().await;
    let url = format!("{}/api/no-such-route", app.address);
    let pt = error_of(app.http.get(&url).send().await.unwrap(), 404, "not_found").await;
    assert_eq!(pt["error"], "Not Found");
    assert_eq!(pt["message"], "rota inexistente");
    assert_eq!(pt["details"], Value::Null);
    let en = app
        .http
        .get(&url)
        .header("Accept-Language", "en-US,en;q=0.9");
    let en = error_of(en.send().await.unwrap(), 404, "not_found").await;
    assert_eq!(en["message"], "no such route");
    let query = app.http.get(format!("{url}?lang=en"));
    let query = error_of(query.send().await.unwrap(), 404, "not_found").await;
    assert_eq!(query["message"], "no such route");
}

#[actix_web::test]
async fn the_lang_parameter_wins_over_accept_language() {
    let app = spawn_app().await;
    let url = format!("{}/api/dinamize/contacts/search?lang=pt", app.address);
    let response = app
        .http
        .post(&url)
        .header("Accept-Language", "en")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let body = error_of(response, 401, "unauthorized").await;
    assert_eq!(body["error"], "Unauthorized");
    assert_eq!(
        body["message"],
        "token de acesso ausente (Authorization: Bearer)"
    );
}

#[actix_web::test]
async fn a_body_that_is_not_json_is_a_400_naming_the_field_in_either_language() {
    let app = spawn_app().await;
    let token = app.token(1, Role::User);
    let url = format!("{}/api/dinamize/account", app.address);
    let send = |lang: &'static str| {
        app.http
            .put(format!("{url}?lang={lang}"))
            .bearer_auth(app.token(1, Role::Admin))
            .header("Content-Type", "application/json")
            .body("{\"api_user\": ")
            .send()
    };
    let pt = error_of(send("pt").await.unwrap(), 400, "validation_failed").await;
    assert!(
        pt["message"]
            .as_str()
            .unwrap()
            .starts_with("requisição inválida"),
        "{pt}"
    );
    assert_eq!(pt["error"], "Bad Request");
    assert!(pt["details"][0]["field"].is_string(), "{pt}");
    let en = error_of(send("en").await.unwrap(), 400, "validation_failed").await;
    assert!(
        en["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid request"),
        "{en}"
    );
    let wrong_type = app
        .http
        .post(format!("{}/api/dinamize/contacts/search", app.address))
        .bearer_auth(&token)
        .header("Content-Type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    error_of(wrong_type, 415, "unsupported_media_type").await;
}

#[actix_web::test]
async fn the_openapi_document_describes_the_error_shape() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let schema = &doc["components"]["schemas"]["ErrorBody"];
    let properties = schema["properties"].as_object().unwrap();
    for name in ["statusCode", "message", "error", "code", "details"] {
        assert!(properties.contains_key(name), "{name} in {schema}");
    }
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["statusCode", "message", "error", "code"]);
    let details = doc["components"]["schemas"]["ErrorDetails"].to_string();
    assert!(details.contains("FieldError"), "{details}");
}
