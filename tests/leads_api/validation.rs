//! A table of bad inputs: each gets a 400 naming the field or parameter, never a 500, and
//! writes nothing.

use dinamize_sync::auth::Role;
use serde_json::{Value, json};

use super::common::error_fields;
use super::support::{all_jobs, all_leads, app, create, get_json, id_of, patch, sql};

#[actix_web::test]
async fn bad_lead_bodies_get_a_400_naming_the_field_and_write_nothing() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let long = "x".repeat(256);
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (json!({}), vec!["email"]),
        (json!({"email": "not-an-email"}), vec!["email"]),
        (json!({"email": 42}), vec!["email"]),
        (json!({"email": "a@b.co", "name": 7}), vec!["name"]),
        (json!({"email": "a@b.co", "name": long}), vec!["name"]),
        (json!({"email": "a@b.co", "phone": ["1"]}), vec!["phone"]),
        (
            json!({"email": "a@b.co", "external_code": {"a": 1}}),
            vec!["external_code"],
        ),
        (
            json!({"email": "a@b.co", "custom_fields": [1, 2]}),
            vec!["custom_fields"],
        ),
        (
            json!({"email": "a@b.co", "custom_fields": "x"}),
            vec!["custom_fields"],
        ),
        (
            json!({"email": "a@b.co", "custom_fields": {"k": "a\u{0}b"}}),
            vec!["custom_fields.k"],
        ),
        (
            json!({"email": "a@b.co", "custom_fields": {"k": [1.7976931348623155e308]}}),
            vec!["custom_fields.k"],
        ),
        (json!({"email": "a@b.co", "name": "a\u{0}"}), vec!["name"]),
        (
            json!({"email": "a@b.co", "company_id": 2}),
            vec!["company_id"],
        ),
        (
            json!({"email": "bad", "name": 1, "phone": 2}),
            vec!["email", "name", "phone"],
        ),
        (json!([]), vec!["body"]),
    ];
    for (body, fields) in cases {
        let response = app.post_json("/api/leads", &token, &body).await;
        assert_eq!(response.status(), 400, "{body}");
        let error: Value = response.json().await.unwrap();
        let mut named = error_fields(&error);
        named.sort();
        let mut expected: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
        expected.sort();
        assert_eq!(named, expected, "{body}");
    }
    let not_json = app
        .http
        .post(format!("{}/api/leads", app.address))
        .bearer_auth(&token)
        .header("Content-Type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    assert_eq!((all_leads(&app).await, all_jobs(&app).await), (0, 0));
}

#[actix_web::test]
async fn bad_patches_get_a_400_naming_the_field_and_change_nothing() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let lead = create(
        &app,
        &token,
        &json!({"email": "keep@example.com", "name": "Keep"}),
    )
    .await;
    let path = format!("/api/leads/{}", id_of(&lead));
    let cases: Vec<(Value, &str)> = vec![
        (json!({"email": null}), "email"),
        (json!({"email": "nope"}), "email"),
        (json!({"name": false}), "name"),
        (json!({"custom_fields": 3}), "custom_fields"),
        (json!({"nmae": "typo"}), "nmae"),
    ];
    for (body, field) in cases {
        let response = patch(&app, &path, &token, &body).await;
        assert_eq!(response.status(), 400, "{body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error_fields(&error), [field], "{body}");
    }
    let response = patch(&app, "/api/leads/abc", &token, &json!({"name": "x"})).await;
    assert_eq!(error_fields(&response.json().await.unwrap()), ["id"]);
    let after = super::support::get_json(&app, &path, &token).await;
    assert_eq!(after["updated_at"], lead["updated_at"]);
    assert_eq!(after["name"], "Keep");
}

#[actix_web::test]
async fn bad_list_parameters_and_ids_get_a_400_naming_them() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("/api/leads?limit=0", vec!["limit"]),
        ("/api/leads?limit=101", vec!["limit"]),
        ("/api/leads?limit=ten", vec!["limit"]),
        ("/api/leads?page=0", vec!["page"]),
        ("/api/leads?page=-1", vec!["page"]),
        ("/api/leads?sync_status=done", vec!["sync_status"]),
        ("/api/leads?updated_since=yesterday", vec!["updated_since"]),
        (
            "/api/leads?updated_since=2026-13-01T00:00:00Z",
            vec!["updated_since"],
        ),
        ("/api/leads?include_deleted=maybe", vec!["include_deleted"]),
        (
            "/api/leads?page=0&limit=101&sync_status=x",
            vec!["page", "limit", "sync_status"],
        ),
        ("/api/leads/abc", vec!["id"]),
        ("/api/leads/0", vec!["id"]),
        ("/api/leads/99999999999999999999", vec!["id"]),
    ];
    for (path, fields) in cases {
        let response = app.get_with(path, &token).await;
        assert_eq!(response.status(), 400, "{path}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error_fields(&error), fields, "{path}");
    }
    let limits = app
        .get_with("/api/leads?limit=100&page=&sync_status=", &token)
        .await;
    assert_eq!(
        limits.status(),
        200,
        "100 is allowed and empty parameters are absent"
    );
}

#[actix_web::test]
async fn custom_numbers_at_the_limits_are_stored_and_read_back() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let fields = json!({"edges": [1e300, -1e300, 2.5e-309, 123456789012345678901234567890.0]});
    let lead = create(
        &app,
        &token,
        &json!({"email": "edges@example.com", "custom_fields": fields}),
    )
    .await;
    let read = get_json(&app, &format!("/api/leads/{}", id_of(&lead)), &token).await;
    let edges = read["custom_fields"]["edges"].as_array().unwrap();
    let numbers: Vec<f64> = edges.iter().map(|n| n.as_f64().unwrap()).collect();
    assert_eq!(numbers[..2], [1e300, -1e300], "{read}");
    assert!(numbers[2].abs() < 1e-300, "{read}");
    assert_eq!(numbers[3], 123456789012345678901234567890.0, "{read}");
}

#[actix_web::test]
async fn a_custom_number_beyond_f64_written_by_the_crm_reads_back_as_its_digits() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let lead = create(&app, &token, &json!({"email": "crm@example.com"})).await;
    sql(
        &app,
        &format!(
            r#"UPDATE crm_leads SET custom_fields = '{{"big": -1e400, "ok": 2}}' WHERE id = {}"#,
            id_of(&lead)
        ),
    )
    .await;
    let read = get_json(&app, &format!("/api/leads/{}", id_of(&lead)), &token).await;
    assert_eq!(
        read["custom_fields"],
        json!({"big": format!("-1{}", "0".repeat(400)), "ok": 2}),
        "{read}"
    );
}
