//! The list: the CRM's page shape, its order, and the `sync_status`, `updated_since` and
//! `include_deleted` filters.

use dinamize_sync::auth::Role;
use serde_json::{Value, json};

use super::support::{app, create, delete, get_json, id_of, sql};

fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect()
}

#[actix_web::test]
async fn leads_are_paged_newest_change_first_in_the_crms_shape() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let mut created = Vec::new();
    for n in 0..5 {
        created.push(id_of(
            &create(&app, &token, &json!({"email": format!("p{n}@example.com")})).await,
        ));
    }
    // Two leads share an updated_at: the id breaks the tie, highest first.
    sql(
        &app,
        &format!(
            "UPDATE crm_leads SET updated_at = '2026-01-01T00:00:00Z' WHERE id IN ({}, {})",
            created[3], created[4]
        ),
    )
    .await;
    let first = get_json(&app, "/api/leads?page=1&limit=2", &token).await;
    assert_eq!(
        first["pagination"],
        json!({"page": 1, "limit": 2, "total": 5})
    );
    assert_eq!(ids(&first), [created[2], created[1]]);
    let last = get_json(&app, "/api/leads?page=3&limit=2", &token).await;
    assert_eq!(ids(&last), [created[3]]);
    let beyond = get_json(&app, "/api/leads?page=4&limit=2", &token).await;
    assert_eq!(
        (ids(&beyond).len(), beyond["pagination"]["total"].as_i64()),
        (0, Some(5))
    );
    let defaults = get_json(&app, "/api/leads", &token).await;
    assert_eq!(
        defaults["pagination"],
        json!({"page": 1, "limit": 20, "total": 5})
    );
    assert_eq!(
        ids(&defaults),
        [created[2], created[1], created[0], created[4], created[3]]
    );
    assert_eq!(defaults["items"][0]["sync"]["job_status"], "queued");
}

#[actix_web::test]
async fn sync_status_filters_by_the_sync_row() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let mut id = Vec::new();
    for n in 0..4 {
        id.push(id_of(
            &create(&app, &token, &json!({"email": format!("s{n}@example.com")})).await,
        ));
    }
    sql(
        &app,
        &format!(
            "UPDATE crm_lead_sync SET status = 'synced' WHERE lead_id = {};
         UPDATE crm_lead_sync SET status = 'failed' WHERE lead_id = {};
         DELETE FROM crm_lead_sync WHERE lead_id = {};",
            id[1], id[2], id[3]
        ),
    )
    .await;
    for (status, expected) in [
        ("pending", id[0]),
        ("synced", id[1]),
        ("failed", id[2]),
        ("not_synced", id[3]),
    ] {
        let page = get_json(&app, &format!("/api/leads?sync_status={status}"), &token).await;
        assert_eq!(
            (ids(&page), page["pagination"]["total"].as_i64()),
            (vec![expected], Some(1)),
            "{status}"
        );
        assert_eq!(page["items"][0]["sync"]["status"], status);
    }
}

#[actix_web::test]
async fn updated_since_keeps_leads_changed_at_or_after_the_instant() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let old = id_of(&create(&app, &token, &json!({"email": "old@example.com"})).await);
    let new = id_of(&create(&app, &token, &json!({"email": "new@example.com"})).await);
    sql(
        &app,
        &format!(
            "UPDATE crm_leads SET updated_at = '2026-01-01T00:00:00Z' WHERE id = {old};
         UPDATE crm_leads SET updated_at = '2026-06-01T12:00:00Z' WHERE id = {new};"
        ),
    )
    .await;
    let cases = [
        ("2026-03-01T00:00:00Z", vec![new]),
        ("2026-06-01T09:00:00-03:00", vec![new]),
        ("2026-06-01T09:00:00%2B00:00", vec![new]),
        ("2026-06-01T12:00:01Z", vec![]),
        ("2025-12-31T23:59:59Z", vec![new, old]),
    ];
    for (since, expected) in cases {
        let page = get_json(&app, &format!("/api/leads?updated_since={since}"), &token).await;
        assert_eq!(ids(&page), expected, "{since}");
    }
}

#[actix_web::test]
async fn deleted_leads_are_listed_only_when_asked() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let kept = id_of(&create(&app, &token, &json!({"email": "kept@example.com"})).await);
    let gone = id_of(&create(&app, &token, &json!({"email": "gone@example.com"})).await);
    assert_eq!(
        delete(&app, &format!("/api/leads/{gone}"), &token)
            .await
            .status(),
        204
    );
    assert_eq!(ids(&get_json(&app, "/api/leads", &token).await), [kept]);
    let all = get_json(&app, "/api/leads?include_deleted=true", &token).await;
    assert_eq!(ids(&all), [gone, kept]);
    assert!(all["items"][0]["deleted_at"].is_string());
}
