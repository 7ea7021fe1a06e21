//! `/api/dinamize/account`: admin only, password stored encrypted and never returned, new
//! credentials take effect at once (a misconfigured account recovers).

use diesel_async::RunQueryDsl;
use dinamize_sync::auth::Role;
use serde_json::{Value, json};

use super::common::{error_fields, spawn_app};

#[actix_web::test]
async fn only_owner_and_admin_may_read_or_set_the_account() {
    let app = spawn_app().await;
    let url = format!("{}/api/dinamize/account", app.address);
    for role in [Role::User, Role::Manager] {
        let token = app.token(1, role);
        assert_eq!(
            app.get_with("/api/dinamize/account", &token).await.status(),
            403,
            "{role:?}"
        );
        let put = app
            .http
            .put(&url)
            .bearer_auth(&token)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(put.status(), 403, "{role:?}");
    }
    for role in [Role::Owner, Role::Admin] {
        let account = app
            .get_with("/api/dinamize/account", &app.token(1, role))
            .await;
        assert_eq!(account.status(), 200, "{role:?}");
    }
}

#[actix_web::test]
async fn new_credentials_are_stored_encrypted_never_returned_and_used_at_once() {
    let app = spawn_app().await;
    let admin = app.token(1, Role::Admin);
    let url = format!("{}/api/dinamize/account", app.address);
    let wrong = json!({"api_user": "sim@dwu.local", "password": "wrong-pass-1234", "client_code": "300001"});
    let stored = app
        .http
        .put(&url)
        .bearer_auth(&admin)
        .json(&wrong)
        .send()
        .await
        .unwrap();
    assert_eq!(stored.status(), 200);
    let text = stored.text().await.unwrap();
    assert!(
        !text.contains("wrong-pass-1234") && !text.contains("password"),
        "{text}"
    );
    let search = json!({"contact-list_code": "1"});
    assert_eq!(
        app.post_json("/api/dinamize/contacts/search", &admin, &search)
            .await
            .status(),
        503
    );
    let account: Value = app
        .get_with("/api/dinamize/account", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        account["misconfigured_reason"]
            .as_str()
            .unwrap()
            .contains("240004"),
        "{account}"
    );

    let right = json!({"api_user": "sim@dwu.local", "password": "sim-password", "client_code": 300001, "requests_per_minute": "30"});
    let stored: Value = app
        .http
        .put(&url)
        .bearer_auth(&admin)
        .json(&right)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            stored["misconfigured_reason"].clone(),
            stored["requests_per_minute"].as_i64()
        ),
        (Value::Null, Some(30))
    );
    assert_eq!(
        app.post_json("/api/dinamize/contacts/search", &admin, &search)
            .await
            .status(),
        200
    );

    let mut conn = app.ctx.db.get().await.unwrap();
    let leaked: i64 = diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "SELECT count(*) FROM crm_dinamize_accounts WHERE password_encrypted LIKE '%sim-password%'",
    )
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(leaked, 0, "the password is stored encrypted");
}

#[actix_web::test]
async fn a_bad_account_body_names_each_field() {
    let app = spawn_app().await;
    let url = format!("{}/api/dinamize/account", app.address);
    let body = json!({"api_user": "", "client_code": "abc", "requests_per_minute": 0});
    let response = app
        .http
        .put(&url)
        .bearer_auth(app.token(1, Role::Owner))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    let fields = error_fields(&error);
    assert_eq!(
        fields,
        ["api_user", "password", "client_code", "requests_per_minute"]
    );
}
