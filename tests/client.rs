//! The Dinamize client against the in-process simulator: every call's wire format read back
//! from the simulator's journal, and the error paths (rate limit, expired token, timeout,
//! validation codes, non-200 answers, unreachable host).

#[path = "client/calls.rs"]
mod calls;
#[path = "client/faults.rs"]
mod faults;
#[path = "client/import.rs"]
mod import;
#[path = "client/transport.rs"]
mod transport;

use std::time::Duration;

use dinamize_sync::dinamize::{AuthRequest, DinamizeClient, UnknownCodes};
use dinamize_sync::sim::{self, JournalEntry, SimConfig, SimHandle};
use serde_json::Value;
use url::Url;

/// Request timeout of the clients under test: short, so that the timeout test ends fast.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(2);

/// A simulator on port 0 and a client pointed at it.
pub async fn start() -> (SimHandle, DinamizeClient) {
    start_with(SimConfig::default(), TEST_TIMEOUT).await
}

/// A simulator with `config`, and a client with `timeout`.
pub async fn start_with(config: SimConfig, timeout: Duration) -> (SimHandle, DinamizeClient) {
    let handle = sim::start(config, "127.0.0.1:0")
        .await
        .expect("the simulator starts");
    let client = client_for(&handle.base_url(), timeout);
    (handle, client)
}

/// A client for `base`.
pub fn client_for(base: &str, timeout: Duration) -> DinamizeClient {
    let url = Url::parse(base).expect("a valid base URL");
    DinamizeClient::new(url, timeout, UnknownCodes::default()).expect("the client builds")
}

/// The default simulator account.
pub fn credentials() -> AuthRequest {
    AuthRequest {
        user: "sim@dwu.local".into(),
        password: "sim-password".into(),
        client_code: "300001".into(),
    }
}

/// Logs in with the default account and returns the token.
pub async fn login(client: &DinamizeClient) -> String {
    client
        .auth(&credentials())
        .await
        .expect("the default account logs in")
        .auth_token
}

/// The journal entries for `path`, oldest first.
pub fn journaled(handle: &SimHandle, path: &str) -> Vec<JournalEntry> {
    handle
        .state()
        .journal()
        .into_iter()
        .filter(|e| e.path == path)
        .collect()
}

/// The last journal entry for `path`.
pub fn last(handle: &SimHandle, path: &str) -> JournalEntry {
    journaled(handle, path)
        .pop()
        .unwrap_or_else(|| panic!("no request to {path} was journaled"))
}

/// Asserts the things every call shares: POST, the token in `auth-token` and no `Authorization`.
pub fn assert_authenticated_post(entry: &JournalEntry, token: &str) {
    assert_eq!(entry.method, "POST", "{}", entry.path);
    assert_eq!(
        entry.headers.get("auth-token").and_then(Value::as_str),
        Some(token),
        "{}",
        entry.path
    );
    assert!(
        entry.headers.get("authorization").is_none(),
        "{} sent Authorization",
        entry.path
    );
}

/// Asserts a JSON call: JSON content type and exactly `body`.
pub fn assert_json_call(entry: &JournalEntry, token: &str, body: &Value) {
    assert_authenticated_post(entry, token);
    let content_type = entry
        .headers
        .get("content-type")
        .and_then(Value::as_str)
        .unwrap_or("");
    assert!(
        content_type.starts_with("application/json"),
        "{}: {content_type}",
        entry.path
    );
    assert_eq!(&entry.body, body, "{}", entry.path);
}
