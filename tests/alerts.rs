//! Alerts end to end: a real HTTP receiver in the test is `ALERT_WEBHOOK_URL`; a misconfigured
//! account and a job left waiting past the threshold each reach it once as `firing` and,
//! after the condition clears, once as `resolved`.

mod common;

#[allow(dead_code)] // Shared with tests/sync.rs, which uses the rest.
#[path = "sync/support.rs"]
mod support;

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpResponse, HttpServer, web};
use serde_json::Value;

use common::spawn_app_with;
use support::{exec, insert_lead, wait_for};

/// What the receiver got, in order.
type Received = Arc<Mutex<Vec<Value>>>;

/// A webhook receiver on a free port: its URL and what it received.
fn receiver() -> (String, Received) {
    let received: Received = Arc::default();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hooks/alerts", listener.local_addr().unwrap());
    let store = received.clone();
    let server = HttpServer::new(move || {
        let store = store.clone();
        App::new().route(
            "/hooks/alerts",
            web::post().to(move |body: web::Json<Value>| {
                let store = store.clone();
                async move {
                    store.lock().unwrap().push(body.into_inner());
                    HttpResponse::NoContent().finish()
                }
            }),
        )
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .unwrap()
    .run();
    actix_web::rt::spawn(server);
    (url, received)
}

/// The events received for `alert`, as (status, company) pairs.
fn events(received: &Received, alert: &str) -> Vec<(String, Value)> {
    received
        .lock()
        .unwrap()
        .iter()
        .filter(|e| e["alert"] == alert)
        .map(|e| {
            (
                e["status"].as_str().unwrap().to_owned(),
                e["company_id"].clone(),
            )
        })
        .collect()
}

async fn until_events(received: &Received, alert: &str, n: usize) {
    wait_for(&format!("{n} {alert} events"), 20, || async {
        events(received, alert).len() >= n
    })
    .await;
}

#[actix_web::test]
async fn a_misconfigured_account_and_an_old_waiting_job_fire_once_and_resolve_once() {
    let (url, received) = receiver();
    let app = spawn_app_with(|env| {
        env.with("ALERT_WEBHOOK_URL", url)
            .with("ALERT_CHECK_INTERVAL_MS", "100")
            .with("ALERT_OLDEST_WAITING_SECS", "1")
            .with("SYNC_ENABLED", "false")
    })
    .await;
    let db = &app.state.db;

    exec(
        db,
        "UPDATE crm_dinamize_accounts SET misconfigured_reason = 'code 240003 (test)', \
         misconfigured_at = now() WHERE company_id = 1",
    )
    .await;
    until_events(&received, "account_misconfigured", 1).await;
    // Several checks run while it stays misconfigured: still one event.
    insert_lead(db, 1, "waits@example.com", "Waits").await;
    until_events(&received, "oldest_waiting_job", 1).await;
    exec(
        db,
        "UPDATE crm_dinamize_accounts SET misconfigured_reason = NULL, misconfigured_at = NULL",
    )
    .await;
    exec(db, "DELETE FROM crm_sync_queue").await;
    until_events(&received, "account_misconfigured", 2).await;
    until_events(&received, "oldest_waiting_job", 2).await;

    let company = Value::from(1);
    let both = vec![
        ("firing".to_string(), company.clone()),
        ("resolved".to_string(), company),
    ];
    assert_eq!(events(&received, "account_misconfigured"), both);
    assert_eq!(events(&received, "oldest_waiting_job"), both);
    let all = received.lock().unwrap().clone();
    let fired = all
        .iter()
        .find(|e| e["alert"] == "account_misconfigured" && e["status"] == "firing")
        .unwrap();
    assert!(
        fired["summary"].as_str().unwrap().contains("code 240003"),
        "{fired}"
    );
    assert_eq!(fired["source"], "dinamize-sync");
    assert!(
        all.iter().all(|e| e["alert"] != "limiter_failing_open"),
        "{all:?}"
    );
}
