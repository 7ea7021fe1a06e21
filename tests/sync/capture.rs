//! Capture in the database: whoever writes `crm_leads` (here plain SQL, as the CRM does), the
//! change reaches the company's list; deletes (soft and hard) remove the contact; an unchanged
//! lead makes no call.

use dinamize_sync::db::DbPool;

use super::support::*;

/// Company 1's field mapping becomes `mapping` (JSON).
async fn map_fields(db: &DbPool, mapping: &str) {
    let sql = format!(
        "UPDATE crm_dinamize_accounts SET field_mapping = '{mapping}' WHERE company_id = 1"
    );
    exec(db, &sql).await;
}

#[actix_web::test]
async fn a_lead_written_with_plain_sql_reaches_its_list_with_its_mapped_fields() {
    let app = sync_app(|env| env).await;
    let db = &app.state.db;
    map_fields(db, r#"{"phone": "cmp4", "segment": "cmp5"}"#).await;
    let id = number(
        db,
        r#"INSERT INTO crm_leads (company_id, email, name, phone, custom_fields)
           VALUES (1, 'ana@example.com', 'Ana', '+55 51 5555', '{"segment": "retail", "other": "x"}')
           RETURNING id AS n"#,
    )
    .await;
    drained(db, 20).await;
    let contact = contact(&app, "ana@example.com").expect("the contact is in list 1");
    assert_eq!(contact["name"], "Ana");
    assert_eq!(contact["custom_fields"]["cmp4"], "+55 51 5555");
    assert_eq!(contact["custom_fields"]["cmp5"], "retail");
    assert_eq!(contact["external_code"], id.to_string());
    let row = sync_row(db, id).await;
    assert_eq!(row.status, "synced");
    assert_eq!(row.contact_code.as_deref(), contact["code"].as_str());
    let logs = number(
        db,
        "SELECT count(*) AS n FROM crm_sync_logs WHERE success AND response_code = '480001'",
    )
    .await;
    assert_eq!(logs, 1, "one log line for the one attempt");
}

#[actix_web::test]
async fn a_custom_number_beyond_f64_written_with_sql_is_synced_as_its_digits() {
    let app = sync_app(|env| env).await;
    let db = &app.state.db;
    map_fields(db, r#"{"score": "cmp5"}"#).await;
    // PostgreSQL keeps the number exactly and writes it back as 401 digits.
    exec(
        db,
        r#"INSERT INTO crm_leads (company_id, email, custom_fields)
           VALUES (1, 'huge@example.com', '{"score": 1e400}')"#,
    )
    .await;
    drained(db, 20).await;
    let contact = contact(&app, "huge@example.com").expect("the contact is in list 1");
    assert_eq!(
        contact["custom_fields"]["cmp5"],
        format!("1{}", "0".repeat(400))
    );
}

#[actix_web::test]
async fn updates_soft_deletes_and_hard_deletes_reach_dinamize() {
    let app = sync_app(|env| env).await;
    let db = &app.state.db;
    let soft = insert_lead(db, 1, "soft@example.com", "Soft").await;
    let hard = insert_lead(db, 1, "hard@example.com", "Hard").await;
    drained(db, 20).await;
    assert_eq!(contacts(&app).len(), 2);

    exec(
        db,
        &format!("UPDATE crm_leads SET name = 'Softer' WHERE id = {soft}"),
    )
    .await;
    drained(db, 20).await;
    assert_eq!(contact(&app, "soft@example.com").unwrap()["name"], "Softer");

    exec(
        db,
        &format!("UPDATE crm_leads SET deleted_at = now() WHERE id = {soft}"),
    )
    .await;
    // A hard delete removes the lead row; its sync row and the delete job outlive it.
    exec(db, &format!("DELETE FROM crm_leads WHERE id = {hard}")).await;
    drained(db, 20).await;
    assert!(contacts(&app).is_empty(), "{:?}", contacts(&app));
    let deletes: Vec<_> = jobs(db)
        .await
        .into_iter()
        .filter(|j| j.operation == "delete")
        .collect();
    assert_eq!(deletes.len(), 2);
    assert!(
        deletes.iter().all(|j| j.status == "completed"),
        "{deletes:?}"
    );
}

#[actix_web::test]
async fn a_lead_whose_synced_fields_did_not_change_makes_no_call() {
    let app = sync_app(|env| env).await;
    let db = &app.state.db;
    let id = insert_lead(db, 1, "same@example.com", "Same").await;
    drained(db, 20).await;
    let sent = requests(&app, "/emkt/contact/add") + requests(&app, "/emkt/contact/update");
    assert_eq!(sent, 1);

    // Touching a column that is not synced captures nothing.
    exec(
        db,
        &format!("UPDATE crm_leads SET updated_at = now() WHERE id = {id}"),
    )
    .await;
    assert_eq!(jobs(db).await.len(), 1, "no job for an unsynced column");
    // A custom field the mapping does not send: a job, but no call.
    exec(
        db,
        &format!(r#"UPDATE crm_leads SET custom_fields = '{{"unmapped": 1}}' WHERE id = {id}"#),
    )
    .await;
    drained(db, 20).await;
    let jobs = jobs(db).await;
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs[1].status, "completed");
    let after = requests(&app, "/emkt/contact/add") + requests(&app, "/emkt/contact/update");
    assert_eq!(after, 1, "no call for an unchanged contact");
}

#[actix_web::test]
async fn a_company_without_a_list_gets_a_failed_status_that_says_so_and_no_retry() {
    let app = sync_app(|env| env).await;
    let db = &app.state.db;
    exec(
        db,
        "UPDATE crm_dinamize_accounts SET default_list_code = NULL WHERE company_id = 1",
    )
    .await;
    let id = insert_lead(db, 1, "nolist@example.com", "No List").await;
    drained(db, 20).await;
    let job = &jobs(db).await[0];
    assert_eq!((job.status.as_str(), job.attempts), ("failed", 1));
    let row = sync_row(db, id).await;
    assert_eq!(row.status, "failed");
    assert!(row.last_error.unwrap().contains("no default list code"));
    assert_eq!(requests(&app, "/emkt/contact/add"), 0);
}
