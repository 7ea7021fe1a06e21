//! Each route end to end: create, read with its sync, change, delete, and the 401 without a
//! token.

use dinamize_sync::auth::Role;
use serde_json::json;

use super::support::{app, create, delete, get_json, id_of, patch, sql};

#[actix_web::test]
async fn a_created_lead_is_answered_with_its_pending_sync_and_can_be_read_back() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let body = json!({"email": " ana@example.com ", "name": "Ana", "phone": "+55 51 5555",
        "external_code": "crm-7", "custom_fields": {"segment": "retail", "score": 7}});
    let response = app.post_json("/api/leads", &token, &body).await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let created: serde_json::Value = response.json().await.unwrap();
    let id = id_of(&created);
    assert_eq!(location, format!("/api/leads/{id}"));
    assert_eq!(
        (created["email"].as_str(), created["company_id"].as_i64()),
        (Some("ana@example.com"), Some(1))
    );
    assert_eq!(
        created["custom_fields"],
        json!({"segment": "retail", "score": 7})
    );
    assert!(created["deleted_at"].is_null());
    let sync = &created["sync"];
    assert_eq!(
        (sync["status"].as_str(), sync["job_status"].as_str()),
        (Some("pending"), Some("queued"))
    );
    assert_eq!(
        (sync["attempts"].as_i64(), sync["operation"].as_str()),
        (Some(0), Some("create"))
    );
    assert!(sync["next_attempt_at"].is_string() && sync["contact_code"].is_null());

    let read = get_json(&app, &location, &token).await;
    assert_eq!(read, created);
}

#[actix_web::test]
async fn the_sync_fields_show_what_the_sync_row_and_the_latest_job_hold() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let id = id_of(&create(&app, &token, &json!({"email": "bea@example.com"})).await);
    sql(
        &app,
        &format!(
            "UPDATE crm_lead_sync SET status = 'failed', contact_code = '991', error_count = 4,
            last_error = 'Dinamize refused the e-mail', last_sync_at = '2026-12-01T10:00:00Z',
            last_successful_sync_at = '2026-11-30T09:00:00Z' WHERE lead_id = {id};
         UPDATE crm_sync_queue SET status = 'failed', attempts = 4 WHERE lead_id = {id};"
        ),
    )
    .await;
    let sync = get_json(&app, &format!("/api/leads/{id}"), &token).await["sync"].clone();
    assert_eq!(
        sync,
        json!({"status": "failed", "contact_code": "991", "attempts": 4, "job_status": "failed",
            "operation": "create", "next_attempt_at": null, "error_count": 4,
            "last_error": "Dinamize refused the e-mail", "last_success": "2026-11-30T09:00:00Z",
            "last_sync": "2026-12-01T10:00:00Z"})
    );
}

#[actix_web::test]
async fn a_lead_without_a_sync_row_reads_as_not_synced() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let id = id_of(&create(&app, &token, &json!({"email": "old@example.com"})).await);
    // As a lead written before the capture trigger existed: no sync row, no job.
    sql(
        &app,
        &format!("DELETE FROM crm_lead_sync WHERE lead_id = {id}"),
    )
    .await;
    let sync = get_json(&app, &format!("/api/leads/{id}"), &token).await["sync"].clone();
    assert_eq!(
        (
            sync["status"].as_str(),
            sync["attempts"].is_null(),
            sync["job_status"].is_null()
        ),
        (Some("not_synced"), true, true)
    );
}

#[actix_web::test]
async fn a_patch_changes_only_the_fields_given_and_null_clears() {
    let app = app().await;
    let token = app.token(1, Role::Manager);
    let created = create(
        &app,
        &token,
        &json!({"email": "caio@example.com", "name": "Caio",
        "phone": "123", "external_code": "x1", "custom_fields": {"a": 1}}),
    )
    .await;
    let path = format!("/api/leads/{}", id_of(&created));
    let response = patch(
        &app,
        &path,
        &token,
        &json!({"name": null, "custom_fields": {"b": 2}}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let patched: serde_json::Value = response.json().await.unwrap();
    assert_eq!(
        (
            patched["email"].as_str(),
            patched["phone"].as_str(),
            patched["external_code"].as_str()
        ),
        (Some("caio@example.com"), Some("123"), Some("x1"))
    );
    assert!(patched["name"].is_null());
    assert_eq!(patched["custom_fields"], json!({"b": 2}));
    assert!(instant(&patched["updated_at"]) > instant(&created["updated_at"]));
    assert_eq!(get_json(&app, &path, &token).await, patched);

    let cleared = patch(
        &app,
        &path,
        &token,
        &json!({"email": "c@example.org", "phone": null,
        "external_code": null, "custom_fields": null}),
    )
    .await;
    let cleared: serde_json::Value = cleared.json().await.unwrap();
    assert_eq!(cleared["email"], "c@example.org");
    assert!(cleared["phone"].is_null() && cleared["external_code"].is_null());
    assert_eq!(cleared["custom_fields"], json!({}));
}

#[actix_web::test]
async fn a_deleted_lead_is_not_found_with_its_deletion_in_details_and_cannot_be_changed() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let id = id_of(&create(&app, &token, &json!({"email": "d@example.com"})).await);
    let path = format!("/api/leads/{id}");
    assert_eq!(delete(&app, &path, &token).await.status(), 204);
    let gone = || async {
        let response = app.get_with(&format!("{path}?lang=en"), &token).await;
        assert_eq!(response.status(), 404, "a deleted lead is gone");
        response.json::<serde_json::Value>().await.unwrap()
    };
    let answer = gone().await;
    assert_eq!(answer["code"], "lead_deleted");
    assert_eq!(answer["error"], "Not Found");
    assert_eq!(answer["details"]["id"], id);
    let deleted_at = answer["details"]["deleted_at"]
        .as_str()
        .expect("deleted_at is set")
        .to_string();
    assert_eq!(answer["details"]["sync"]["operation"], "delete");
    let listed = get_json(&app, "/api/leads?include_deleted=true", &token).await;
    assert_eq!(
        listed["items"][0], answer["details"],
        "the list shows it the same"
    );

    // Deleting again is 204 and changes nothing.
    assert_eq!(delete(&app, &path, &token).await.status(), 204);
    assert_eq!(gone().await["details"]["deleted_at"], deleted_at.as_str());
    assert_eq!(
        patch(&app, &path, &token, &json!({"name": "x"}))
            .await
            .status(),
        409
    );
}

#[actix_web::test]
async fn a_missing_lead_is_404_on_every_route() {
    let app = app().await;
    let token = app.token(1, Role::User);
    assert_eq!(app.get_with("/api/leads/999", &token).await.status(), 404);
    assert_eq!(
        patch(&app, "/api/leads/999", &token, &json!({"name": "x"}))
            .await
            .status(),
        404
    );
    assert_eq!(delete(&app, "/api/leads/999", &token).await.status(), 404);
}

#[actix_web::test]
async fn every_leads_route_needs_a_token() {
    let app = app().await;
    let url = |path: &str| format!("{}{path}", app.address);
    let answers = [
        app.http
            .post(url("/api/leads"))
            .json(&json!({"email": "a@b.co"}))
            .send()
            .await,
        app.http.get(url("/api/leads")).send().await,
        app.http.get(url("/api/leads/1")).send().await,
        app.http
            .patch(url("/api/leads/1"))
            .json(&json!({}))
            .send()
            .await,
        app.http.delete(url("/api/leads/1")).send().await,
    ];
    for answer in answers {
        assert_eq!(answer.unwrap().status(), 401);
    }
    assert_eq!(super::support::all_leads(&app).await, 0);
}

fn instant(value: &serde_json::Value) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(value.as_str().unwrap()).unwrap()
}
