//! The request journal: what arrived, when, with which headers and body, and what it got.

use crate::support::start_default;
use reqwest::Method;
use serde_json::json;

#[actix_web::test]
async fn the_journal_records_each_request_and_its_answer_then_clears() {
    let sim = start_default().await;
    let token = sim.login().await;
    let body = json!({"contact-list_code": "1", "page_number": "1", "page_size": "10"});
    sim.call(&token, "/emkt/contact/search", body.clone()).await;
    sim.admin_get("/_sim/faults").await;

    let journal = sim.admin_get("/_sim/requests").await;
    let entries = journal.as_array().unwrap();
    assert_eq!(entries.len(), 2, "admin routes are not journaled");
    let search = &entries[1];
    assert_eq!(search["method"], "POST");
    assert_eq!(search["path"], "/emkt/contact/search");
    assert_eq!(search["headers"]["auth-token"], token.as_str());
    assert_eq!(search["headers"]["content-type"], "application/json");
    assert_eq!(search["body"], body);
    assert_eq!(search["response_code"], "480001");
    let at = search["at"].as_str().unwrap();
    let parsed = chrono::DateTime::parse_from_rfc3339(at).unwrap();
    assert_eq!(parsed.timestamp_millis(), search["at_ms"].as_i64().unwrap());
    assert!(at.contains('.'), "milliseconds in {at}");
    assert!(entries[0]["at_ms"].as_i64() <= search["at_ms"].as_i64());

    sim.admin(Method::DELETE, "/_sim/requests", json!({})).await;
    assert_eq!(sim.admin_get("/_sim/requests").await, json!([]));
    sim.login().await;
    assert_eq!(sim.handle.state().journal().len(), 1);
    sim.handle.state().clear_journal();
    assert!(sim.handle.state().journal().is_empty());
}

#[actix_web::test]
async fn an_unreadable_body_is_journaled_as_text() {
    let sim = start_default().await;
    sim.post_raw("/auth", None, "{oops").await;
    let journal = sim.handle.state().journal();
    assert_eq!(journal[0].body, json!("{oops"));
    assert_eq!(journal[0].response_code.as_deref(), Some("240104"));
}
