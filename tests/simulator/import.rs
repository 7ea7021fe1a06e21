//! Bulk import: the multipart upload and the status polls.

use crate::support::{Sim, code, start_default};
use serde_json::{Value, json};

async fn upload(sim: &Sim, token: &str, csv: &str, parameters: &str) -> Value {
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::text(csv.to_string()).file_name("leads.csv"),
        )
        .text("command", "import")
        .text("parameters", parameters.to_string());
    let response = sim
        .http
        .post(sim.url("/emkt/contact"))
        .header("auth-token", token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

const PARAMETERS: &str = r#"{"contact-list_code":"1","separator":";","header":true,
  "file_columns":[{"Position":"0","Field":"1","Rule":"3"},{"Position":"1","Field":"2","Rule":"3"},
                  {"Position":"2","Field":"4","Rule":"3"}]}"#;

#[actix_web::test]
async fn an_import_is_processing_on_the_first_poll_and_finished_with_counts_after() {
    let sim = start_default().await;
    let token = sim.login().await;
    sim.add(&token, json!({"email": "old@x.com", "name": "Old"}))
        .await;
    let csv = "email;name;phone\nold@x.com;Renamed;1\nnew@x.com;New;2\nbroken;Nobody;3\n";
    let accepted = upload(&sim, &token, csv, PARAMETERS).await;
    assert_eq!(code(&accepted), "480001", "{accepted}");
    let import = accepted["body"]["code"].clone();
    let first = sim
        .call(&token, "/emkt/import/get", json!({"code": import}))
        .await;
    assert_eq!(first["body"]["status"], "processing");
    let second = sim
        .call(&token, "/emkt/import/get", json!({"code": import}))
        .await;
    assert_eq!(second["body"]["status"], "finished");
    let counts = ["total", "inserted", "updated", "invalid"].map(|k| second["body"][k].clone());
    assert_eq!(counts, [json!("3"), json!("1"), json!("1"), json!("1")]);
    let contacts = sim.handle.state().contacts("300001", 1);
    assert_eq!(contacts.len(), 2);
    assert_eq!(contacts[0]["name"], "Renamed");
    assert_eq!(contacts[1]["custom_fields"], json!({"cmp4": "2"}));
    let journaled = sim.handle.state().journal();
    let entry = journaled
        .iter()
        .find(|e| e.path == "/emkt/contact")
        .unwrap();
    assert_eq!(entry.body["command"], "import");
    assert_eq!(entry.body["file"], csv);
}

#[actix_web::test]
async fn a_bad_import_gets_an_error_code() {
    let sim = start_default().await;
    let token = sim.login().await;
    let no_email = r#"{"contact-list_code":"1","file_columns":[{"Position":"0","Field":"2"}]}"#;
    assert_eq!(code(&upload(&sim, &token, "a\n", no_email).await), "240104");
    let no_list = r#"{"contact-list_code":"5","file_columns":[{"Position":"0","Field":"1"}]}"#;
    assert_eq!(
        code(&upload(&sim, &token, "a@x.com\n", no_list).await),
        "240103"
    );
    assert_eq!(
        code(&upload(&sim, &token, "a@x.com\n", "{not json").await),
        "240104"
    );
    let unknown = sim
        .call(&token, "/emkt/import/get", json!({"code": "77"}))
        .await;
    assert_eq!(code(&unknown), "240101");
}
