//! The bulk import: the multipart parts `file`, `command` and `parameters` (a JSON string) as
//! they reached the simulator, and the status poll.

use dinamize_sync::dinamize::*;
use serde_json::{Value, json};

use super::{assert_authenticated_post, assert_json_call, last, login, start};

#[actix_web::test]
async fn a_bulk_import_sends_three_multipart_parts_and_its_status_can_be_polled() {
    let (sim, client) = start().await;
    let token = login(&client).await;
    let parameters = ImportParameters {
        contact_list_code: "1".into(),
        separator: ";".into(),
        header: true,
        file_columns: vec![FileColumn::new(0, "1"), FileColumn::new(1, "2")],
    };
    let csv = b"email;name\nc1@example.com;Caio\nc2@example.com;Duda\n".to_vec();
    let request = ImportRequest {
        file_name: "leads.csv".into(),
        csv: csv.clone(),
        parameters,
    };
    let import = client.send(&token, &request).await.unwrap();
    let entry = last(&sim, ImportRequest::PATH);
    assert_authenticated_post(&entry, &token);
    let content_type = entry.headers["content-type"].as_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data"),
        "{content_type}"
    );
    assert_eq!(entry.body["command"], "import");
    assert_eq!(
        entry.body["file"],
        Value::String(String::from_utf8(csv).unwrap())
    );
    let sent: Value = serde_json::from_str(entry.body["parameters"].as_str().unwrap()).unwrap();
    assert_eq!(
        sent,
        json!({"contact-list_code": "1", "separator": ";", "header": true, "file_columns": [
            {"Position": "0", "Field": "1", "Rule": "3"}, {"Position": "1", "Field": "2", "Rule": "3"}]})
    );

    let poll = ImportGetRequest {
        code: import.code.clone(),
    };
    let first = client.send(&token, &poll).await.unwrap();
    assert_json_call(
        &last(&sim, ImportGetRequest::PATH),
        &token,
        &json!({"code": import.code}),
    );
    assert_eq!(first.status.as_deref(), Some("processing"));
    let done = client.send(&token, &poll).await.unwrap();
    assert_eq!(done.status.as_deref(), Some("finished"));
    assert_eq!(done.details["inserted"], "2");
}
