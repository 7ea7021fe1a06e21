//! Transport behaviour: one pooled keep-alive connection shared by clones of the client,
//! non-200 answers from a proxy, and an unreachable host.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, http::StatusCode, web};
use dinamize_sync::dinamize::retry::{Attempt, RetryDecision, RetryPolicy, decide};
use dinamize_sync::dinamize::*;
use serde_json::json;

use super::{TEST_TIMEOUT, client_for, credentials};

fn decision(error: &DinamizeError) -> RetryDecision {
    decide(error, &Attempt::first(), &RetryPolicy::default(), 0.0)
}

/// A server answering every request with `status` and a success envelope, recording the
/// client address of each request. The body is read: actix closes a connection whose
/// request body was left unread, which would hide the keep-alive under test.
fn start_recording_server(status: u16) -> (String, Arc<Mutex<Vec<SocketAddr>>>) {
    let peers = Arc::new(Mutex::new(Vec::new()));
    let seen = peers.clone();
    let server = HttpServer::new(move || {
        let seen = seen.clone();
        App::new().default_service(web::to(move |req: HttpRequest, _body: web::Bytes| {
            let seen = seen.clone();
            async move {
                seen.lock().unwrap().extend(req.peer_addr());
                HttpResponse::build(StatusCode::from_u16(status).unwrap())
                    .json(json!({"code": "480001", "body": {"auth-token": "t", "items": []}}))
            }
        }))
    })
    .workers(1)
    .disable_signals()
    .bind("127.0.0.1:0")
    .unwrap();
    let addr = server.addrs()[0];
    actix_rt::spawn(server.run());
    (format!("http://{addr}"), peers)
}

#[actix_web::test]
async fn calls_and_clones_of_the_client_reuse_one_keep_alive_connection() {
    let (base, peers) = start_recording_server(200);
    let client = client_for(&base, TEST_TIMEOUT);
    let clone = client.clone();
    client.auth(&credentials()).await.unwrap();
    client
        .send("t", &ContactSearchRequest::new("1"))
        .await
        .unwrap();
    clone
        .send("t", &ContactSearchRequest::new("1"))
        .await
        .unwrap();
    let peers = peers.lock().unwrap().clone();
    assert_eq!(peers.len(), 3);
    assert!(
        peers.iter().all(|p| *p == peers[0]),
        "one connection expected: {peers:?}"
    );
}

#[actix_web::test]
async fn a_non_200_answer_is_an_http_status_error_and_a_5xx_backs_off() {
    let client = client_for(&start_recording_server(503).0, TEST_TIMEOUT);
    let error = client.auth(&credentials()).await.unwrap_err();
    assert_eq!(error, DinamizeError::HttpStatus { status: 503 });
    assert!(matches!(decision(&error), RetryDecision::Backoff(_)));
    let client = client_for(&start_recording_server(404).0, TEST_TIMEOUT);
    let error = client.auth(&credentials()).await.unwrap_err();
    assert_eq!(error, DinamizeError::HttpStatus { status: 404 });
    assert_eq!(decision(&error), RetryDecision::Stop);
}

#[actix_web::test]
async fn an_unreachable_host_is_a_transport_error_that_backs_off() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = client_for(&format!("http://127.0.0.1:{port}"), Duration::from_secs(2));
    let error = client.auth(&credentials()).await.unwrap_err();
    assert!(
        matches!(
            error,
            DinamizeError::Transport {
                timed_out: false,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.category(), ErrorCategory::Network);
    assert!(matches!(decision(&error), RetryDecision::Backoff(_)));
}

#[actix_web::test]
async fn an_error_envelope_on_a_non_200_answer_is_decoded_by_its_code() {
    let server = HttpServer::new(|| {
        App::new().default_service(web::to(|_body: web::Bytes| async {
            HttpResponse::build(StatusCode::TOO_MANY_REQUESTS)
                .json(json!({"code": 240024, "body": {"retry-after": "7"}}))
        }))
    })
    .workers(1)
    .disable_signals()
    .bind("127.0.0.1:0")
    .unwrap();
    let base = format!("http://{}", server.addrs()[0]);
    actix_rt::spawn(server.run());
    let error = client_for(&base, TEST_TIMEOUT)
        .auth(&credentials())
        .await
        .unwrap_err();
    assert_eq!(
        error,
        DinamizeError::RateLimited {
            retry_after: Duration::from_secs(7),
            request_unique: None
        }
    );
}
