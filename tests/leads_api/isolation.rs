//! A company never sees, changes or deletes another company's lead: to it, the lead does not
//! exist.

use dinamize_sync::auth::Role;
use serde_json::json;

use super::support::{app, create, delete, get_json, id_of, jobs, patch};

#[actix_web::test]
async fn another_company_cannot_read_change_delete_or_list_a_lead() {
    let app = app().await;
    let owner = app.token(1, Role::User);
    let other = app.token(2, Role::Owner);
    let lead = create(
        &app,
        &owner,
        &json!({"email": "mine@example.com", "name": "Mine"}),
    )
    .await;
    let id = id_of(&lead);
    let path = format!("/api/leads/{id}");
    // Company 2 has leads of its own, so its list is not empty by accident.
    let theirs = create(&app, &other, &json!({"email": "theirs@example.com"})).await;
    assert_eq!(theirs["company_id"], 2);

    assert_eq!(app.get_with(&path, &other).await.status(), 404);
    assert_eq!(
        patch(&app, &path, &other, &json!({"name": "Stolen"}))
            .await
            .status(),
        404
    );
    assert_eq!(delete(&app, &path, &other).await.status(), 404);
    let listed = get_json(&app, "/api/leads?include_deleted=true", &other).await;
    let ids: Vec<i64> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    assert_eq!(ids, [id_of(&theirs)]);
    assert_eq!(listed["pagination"]["total"], 1);

    let after = get_json(&app, &path, &owner).await;
    assert_eq!(
        (after["name"].as_str(), after["deleted_at"].is_null()),
        (Some("Mine"), true)
    );
    assert_eq!(
        jobs(&app, id).await.len(),
        1,
        "no job was queued by the other company"
    );
}
