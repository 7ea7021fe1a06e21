//! A table of bad inputs: each gets its status and a message naming the field, and none
//! reaches Dinamize.

use dinamize_sync::auth::Role;
use serde_json::{Value, json};

use super::common::{error_fields, spawn_app};

#[actix_web::test]
async fn bad_inputs_get_a_4xx_naming_the_field_and_never_reach_dinamize() {
    let app = spawn_app().await;
    let token = app.token(1, Role::User);
    let search = "/api/dinamize/contacts/search";
    let create = "/api/dinamize/contacts";
    let cases: Vec<(&str, Value, u16, &str)> = vec![
        (search, json!({}), 400, "contact-list_code"),
        (
            search,
            json!({"contact-list_code": "abc"}),
            400,
            "contact-list_code",
        ),
        (
            search,
            json!({"contact-list_code": 1, "page_size": 0}),
            400,
            "page_size",
        ),
        (
            search,
            json!({"contact-list_code": 1, "page_size": "10001"}),
            400,
            "page_size",
        ),
        (
            search,
            json!({"contact-list_code": 1, "page_number": -1}),
            400,
            "page_number",
        ),
        (
            search,
            json!({"contact-list_code": 1, "status_contact": "EVERYONE"}),
            400,
            "status_contact",
        ),
        (
            search,
            json!({"contact-list_code": 1, "search": [{"field": "email", "operator": "LIKE", "value": "a"}]}),
            400,
            "search[0].operator",
        ),
        (
            search,
            json!({"contact-list_code": 1, "search": [{"operator": "=", "value": "a"}]}),
            400,
            "search[0].field",
        ),
        (
            search,
            json!({"contact-list_code": 1, "search": [{"field": "email", "operator": "="}]}),
            400,
            "search[0].value",
        ),
        (
            search,
            json!({"contact-list_code": 1, "search": "email"}),
            400,
            "search",
        ),
        (
            search,
            json!({"contact-list_code": 1, "order": [{"field": "name", "type": "UP"}]}),
            400,
            "order[0].type",
        ),
        (search, json!([1, 2]), 400, "body"),
        (create, json!({"contact-list_code": 1}), 400, "email"),
        (
            create,
            json!({"contact-list_code": 1, "email": "not an email"}),
            400,
            "email",
        ),
        (
            create,
            json!({"contact-list_code": 1, "email": "a@b"}),
            400,
            "email",
        ),
        (create, json!({"email": "a@b.co"}), 400, "contact-list_code"),
        (
            create,
            json!({"contact-list_code": 1, "email": "a@b.co", "custom_fields": {"phone": "1"}}),
            400,
            "custom_fields.phone",
        ),
        (
            create,
            json!({"contact-list_code": 1, "email": "a@b.co", "custom_fields": {"cmp4": {"x": 1}}}),
            400,
            "custom_fields.cmp4",
        ),
        (
            create,
            json!({"contact-list_code": 1, "email": "a@b.co", "custom_fields": [1]}),
            400,
            "custom_fields",
        ),
        (
            create,
            json!({"contact-list_code": 1, "email": "a@b.co", "name": 42}),
            400,
            "name",
        ),
        (
            "/api/dinamize/contacts/12/update",
            json!({"name": "x"}),
            400,
            "contact-list_code",
        ),
        (
            "/api/dinamize/contacts/abc/update",
            json!({"contact-list_code": 1}),
            400,
            "contactCode",
        ),
        (
            "/api/dinamize/contacts/12/update",
            json!({"contact-list_code": 1, "email": "bad"}),
            400,
            "email",
        ),
        (
            "/api/dinamize/contacts/12/delete",
            json!({}),
            400,
            "listCode",
        ),
        (
            "/api/dinamize/contacts/x/delete?listCode=1",
            json!({}),
            400,
            "contactCode",
        ),
    ];
    for (path, body, status, field) in cases {
        let response = app.post_json(path, &token, &body).await;
        assert_eq!(response.status().as_u16(), status, "{path} {body}");
        let error: Value = response.json().await.unwrap();
        let fields = error_fields(&error);
        assert!(fields.iter().any(|f| f == field), "{path} {body}: {error}");
        assert!(
            error["message"].as_str().unwrap().contains(field),
            "{error}"
        );
    }
    let get = app.get_with("/api/dinamize/contacts/12", &token).await;
    assert_eq!(get.status(), 400, "listCode is required");
    assert!(
        app.sim()
            .state()
            .journal()
            .iter()
            .all(|e| e.path == "/auth" || e.path.is_empty()),
        "nothing but /auth reached Dinamize"
    );
}

#[actix_web::test]
async fn malformed_json_an_oversized_body_and_a_wrong_content_type_are_4xx() {
    let app = spawn_app().await;
    let token = app.token(1, Role::User);
    let url = format!("{}/api/dinamize/contacts/search", app.address);
    let send = |body: Vec<u8>, content_type: &'static str| {
        app.http
            .post(&url)
            .bearer_auth(&token)
            .header("Content-Type", content_type)
            .body(body)
            .send()
    };
    let malformed = send(b"{\"contact-list_code\": ".to_vec(), "application/json")
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);
    let error: Value = malformed.json().await.unwrap();
    assert_eq!(error["code"], "validation_failed");
    let huge = format!(
        "{{\"contact-list_code\": \"1\", \"pad\": \"{}\"}}",
        "x".repeat(300_000)
    );
    assert_eq!(
        send(huge.into_bytes(), "application/json")
            .await
            .unwrap()
            .status(),
        413
    );
    assert_eq!(
        send(b"contact-list_code=1".to_vec(), "text/plain")
            .await
            .unwrap()
            .status(),
        415
    );
}
