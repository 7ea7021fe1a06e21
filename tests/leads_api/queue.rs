//! What a write through the API leaves in `crm_sync_queue` (the capture trigger's work, seen
//! through the routes): one job per lead while it waits, carrying the right operation.

use dinamize_sync::auth::Role;
use serde_json::json;

use super::support::{all_jobs, app, complete_jobs, create, delete, id_of, jobs, patch};

fn job(operation: &str, status: &str, attempts: i32) -> (String, String, i32) {
    (operation.into(), status.into(), attempts)
}

#[actix_web::test]
async fn a_created_lead_leaves_one_queued_create_job() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let id = id_of(&create(&app, &token, &json!({"email": "q1@example.com"})).await);
    assert_eq!(jobs(&app, id).await, [job("create", "queued", 0)]);
    assert_eq!(all_jobs(&app).await, 1);
}

#[actix_web::test]
async fn changes_while_the_job_waits_coalesce_into_it() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let path = format!(
        "/api/leads/{}",
        id_of(&create(&app, &token, &json!({"email": "q2@example.com"})).await)
    );
    for name in ["Ana", "Ana Maria", "Ana M."] {
        assert_eq!(
            patch(&app, &path, &token, &json!({"name": name}))
                .await
                .status(),
            200
        );
    }
    let id = path.rsplit('/').next().unwrap().parse().unwrap();
    // Still one waiting job, and still a create: the lead is not in Dinamize yet.
    assert_eq!(jobs(&app, id).await, [job("create", "queued", 0)]);
    assert_eq!(delete(&app, &path, &token).await.status(), 204);
    assert_eq!(jobs(&app, id).await, [job("delete", "queued", 0)]);
}

#[actix_web::test]
async fn a_change_after_a_finished_job_queues_one_update_and_a_delete_one_delete() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let id = id_of(&create(&app, &token, &json!({"email": "q3@example.com"})).await);
    let path = format!("/api/leads/{id}");
    complete_jobs(&app, id).await;
    assert_eq!(
        patch(&app, &path, &token, &json!({"phone": "555"}))
            .await
            .status(),
        200
    );
    assert_eq!(
        jobs(&app, id).await,
        [job("create", "completed", 1), job("update", "queued", 0)]
    );
    complete_jobs(&app, id).await;
    assert_eq!(delete(&app, &path, &token).await.status(), 204);
    // Deleting again writes nothing, so it queues nothing.
    assert_eq!(delete(&app, &path, &token).await.status(), 204);
    assert_eq!(
        jobs(&app, id).await,
        [
            job("create", "completed", 1),
            job("update", "completed", 1),
            job("delete", "queued", 0)
        ]
    );
}

#[actix_web::test]
async fn a_patch_that_changes_no_synced_field_queues_nothing() {
    let app = app().await;
    let token = app.token(1, Role::User);
    let id = id_of(
        &create(
            &app,
            &token,
            &json!({"email": "q4@example.com", "name": "Q"}),
        )
        .await,
    );
    complete_jobs(&app, id).await;
    let same = json!({"email": "q4@example.com", "name": "Q"});
    assert_eq!(
        patch(&app, &format!("/api/leads/{id}"), &token, &same)
            .await
            .status(),
        200
    );
    assert_eq!(jobs(&app, id).await, [job("create", "completed", 1)]);
}
