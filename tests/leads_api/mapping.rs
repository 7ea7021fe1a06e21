//! The per-company field mapping on `/api/dinamize/account`: stored, returned, checked, and
//! changeable without resending the password.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use dinamize_sync::auth::Role;
use dinamize_sync::db::schema::crm_dinamize_accounts as accounts;
use serde_json::{Value, json};

use super::common::{TestApp, error_fields};
use super::support::app;

async fn put(app: &TestApp, company_id: i64, body: &Value) -> reqwest::Response {
    app.http
        .put(format!("{}/api/dinamize/account", app.address))
        .bearer_auth(app.token(company_id, Role::Admin))
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn stored_mapping(app: &TestApp, company_id: i64) -> Value {
    let mut conn = app.ctx.db.get().await.unwrap();
    accounts::table
        .filter(accounts::company_id.eq(company_id))
        .select(accounts::field_mapping)
        .first(&mut conn)
        .await
        .unwrap()
}

#[actix_web::test]
async fn a_mapping_set_alone_is_stored_and_returned_and_the_credentials_keep_working() {
    let app = app().await;
    let admin = app.token(1, Role::Admin);
    let before: Value = app
        .get_with("/api/dinamize/account", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before["field_mapping"], json!({}));
    let mapping = json!({"phone": "cmp4", "segment": "cmp7"});
    let response = put(&app, 1, &json!({"field_mapping": mapping})).await;
    assert_eq!(response.status(), 200);
    let answered: Value = response.json().await.unwrap();
    assert_eq!(answered["field_mapping"], mapping);
    assert_eq!(
        (
            answered["api_user"].clone(),
            answered["client_code"].clone()
        ),
        (before["api_user"].clone(), before["client_code"].clone()),
        "the credentials are kept"
    );
    let read: Value = app
        .get_with("/api/dinamize/account", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["field_mapping"], mapping);
    assert_eq!(stored_mapping(&app, 1).await, mapping);
    let search = json!({"contact-list_code": "1"});
    let works = app
        .post_json("/api/dinamize/contacts/search", &admin, &search)
        .await;
    assert_eq!(works.status(), 200, "the account still authenticates");

    // Absent keeps it; {} empties it.
    let list_only = put(&app, 1, &json!({"default_list_code": "9"})).await;
    let list_only: Value = list_only.json().await.unwrap();
    assert_eq!(
        (
            list_only["default_list_code"].as_str(),
            list_only["field_mapping"].clone()
        ),
        (Some("9"), mapping)
    );
    let emptied: Value = put(&app, 1, &json!({"field_mapping": {}}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(emptied["field_mapping"], json!({}));
}

#[actix_web::test]
async fn a_mapping_given_with_new_credentials_is_stored_with_them() {
    let app = app().await;
    let body = json!({"api_user": "u5@dwu.local", "password": "pw-5-secret", "client_code": "500",
        "default_list_code": 3, "field_mapping": {"score": "cmp12"}});
    let response = put(&app, 5, &body).await;
    assert_eq!(response.status(), 200);
    let account: Value = response.json().await.unwrap();
    assert_eq!(
        (
            account["field_mapping"].clone(),
            account["default_list_code"].as_str()
        ),
        (json!({"score": "cmp12"}), Some("3"))
    );
}

#[actix_web::test]
async fn a_bad_mapping_is_refused_naming_the_entry_and_the_stored_one_stays() {
    let app = app().await;
    let good = json!({"phone": "cmp4"});
    assert_eq!(
        put(&app, 1, &json!({"field_mapping": good})).await.status(),
        200
    );
    let cases = [
        (json!({"phone": "cmp2"}), "field_mapping.phone"),
        (json!({"phone": "email"}), "field_mapping.phone"),
        (json!({"phone": 4}), "field_mapping.phone"),
        (
            json!({"phone": "cmp4", "segment": "cmp4"}),
            "field_mapping.segment",
        ),
        (json!(["phone"]), "field_mapping"),
        (json!("cmp4"), "field_mapping"),
    ];
    for (mapping, field) in cases {
        let response = put(&app, 1, &json!({"field_mapping": mapping})).await;
        assert_eq!(response.status(), 400, "{mapping}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error_fields(&error), [field], "{mapping}");
    }
    assert_eq!(stored_mapping(&app, 1).await, good);
}

#[actix_web::test]
async fn settings_alone_cannot_create_an_account() {
    let app = app().await;
    let response = put(&app, 6, &json!({"field_mapping": {"phone": "cmp4"}})).await;
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    assert_eq!(
        error_fields(&error),
        ["api_user", "password", "client_code"]
    );
    let missing = app
        .get_with("/api/dinamize/account", &app.token(6, Role::Admin))
        .await;
    assert_eq!(missing.status(), 404);
}
