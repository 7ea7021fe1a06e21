//! The `dinamize-sync` binary as an operator runs it: bad configuration, start, SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use dinamize_sync::db::admin;

use super::common::TestContext;

/// Slows the embedded simulator down, starts a contact search with a token from
/// `dinamize-sync token`, and returns once Dinamize has received it (the request is in flight).
async fn slow_search_in_flight(base: &str) -> actix_web::rt::task::JoinHandle<reqwest::Response> {
    let ready: serde_json::Value = reqwest::get(format!("{base}/ready"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ready["dinamize"], "embedded simulator");
    let sim = ready["dinamize_url"].as_str().unwrap().to_string();
    let http = reqwest::Client::new();
    let faults = http
        .post(format!("{sim}/_sim/faults"))
        .json(&serde_json::json!({"latency_ms": 1500}));
    assert!(faults.send().await.unwrap().status().is_success());
    let token = binary()
        .args(["token", "--company", "1", "--role", "USER"])
        .output()
        .unwrap();
    let token = String::from_utf8(token.stdout).unwrap().trim().to_string();
    let request = http
        .post(format!("{base}/api/dinamize/contacts/search"))
        .bearer_auth(token)
        .json(&serde_json::json!({"contact-list_code": "1"}));
    let in_flight = actix_web::rt::spawn(async move { request.send().await.unwrap() });
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let journal: serde_json::Value = http
            .get(format!("{sim}/_sim/requests"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if journal.to_string().contains("/emkt/contact/search") {
            return in_flight;
        }
        assert!(
            Instant::now() < deadline,
            "the search never reached the simulator: {journal}"
        );
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dinamize-sync"));
    // Only what the test sets: nothing from the machine or a .env file.
    command
        .env_clear()
        .current_dir(std::env::temp_dir())
        .env("RUST_LOG", "info");
    command
}

#[test]
fn a_bad_configuration_value_exits_with_code_2_naming_the_variable() {
    for (var, value, expected) in [
        ("REDIS_PORT", "abc", "REDIS_PORT: expected a port number"),
        (
            "ENCRYPT_TOKEN_KEY",
            "short-key-value",
            "ENCRYPT_TOKEN_KEY: expected 32 bytes",
        ),
        (
            "ENCRYPT_TOKEN_ALGORITHM",
            "DES",
            "ENCRYPT_TOKEN_ALGORITHM: expected AES-256-GCM",
        ),
        ("HTTP_PORT", "99999", "HTTP_PORT: expected a port number"),
        (
            "DATABASE_SCHEMA",
            "sync; drop",
            "DATABASE_SCHEMA: expected a SQL identifier",
        ),
        (
            "CRM_USER_COMPANIES_TABLE",
            "uc\"--",
            "CRM_USER_COMPANIES_TABLE: expected a SQL identifier",
        ),
        (
            "DATABASE_URL",
            "postgresql://u:pw-secret-1@h/db?schema=a-b",
            "DATABASE_URL: expected a `schema` parameter",
        ),
        (
            "REDIS_URL",
            "rediss://:pw-secret-2@cache:6380",
            "REDIS_URL: expected redis:// (TLS",
        ),
    ] {
        let output = binary().env(var, value).arg("serve").output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{var}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        if var == "ENCRYPT_TOKEN_KEY" {
            assert!(!stderr.contains(value), "the key is never echoed: {stderr}");
        }
        assert!(
            !stderr.contains("pw-secret"),
            "no password is echoed: {stderr}"
        );
    }
}

#[test]
fn a_numeric_setting_past_its_upper_bound_exits_with_code_2_naming_the_variable() {
    for (var, value) in [
        ("DINAMIZE_TOKEN_MAX_AGE_HOURS", "9223372036854775807"),
        ("DINAMIZE_INTERACTIVE_DEADLINE_MS", "18446744073709551615"),
    ] {
        let output = binary().env(var, value).arg("serve").output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{var}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains(&format!("{var}: expected a whole number from 1 to")),
            "{stderr}"
        );
    }
}

/// Reads the child's log lines on a thread so the test can wait for one with a deadline.
fn log_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
}

fn wait_for_line(lines: &mpsc::Receiver<String>, needle: &str, seen: &mut Vec<String>) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(line) = lines.recv_timeout(Duration::from_millis(200)) {
            seen.push(line.clone());
            if line.contains(needle) {
                return line;
            }
        }
    }
    panic!("no log line with {needle:?}; saw:\n{}", seen.join("\n"));
}

#[actix_web::test]
async fn serve_creates_a_missing_database_logs_requests_and_exits_0_on_sigterm() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let ctx = TestContext::new().await;
    let fresh = format!("{}_fresh", ctx.db_name);
    let url = ctx.database_url().replace(&ctx.db_name, &fresh);
    let mut child = binary()
        .env("DATABASE_URL", &url)
        .env("HTTP_HOST", "127.0.0.1")
        .env("HTTP_PORT", "0")
        .env("REDIS_KEY_PREFIX", &ctx.key_prefix)
        .arg("serve")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = log_lines(&mut child);
    let mut seen = Vec::new();
    let listening = wait_for_line(&lines, "service listening on", &mut seen);
    let port = listening.rsplit(':').next().unwrap().trim().to_string();
    let base = format!("http://127.0.0.1:{port}");
    let health = reqwest::get(format!("{base}/health")).await.unwrap();
    assert_eq!(health.status(), 200);
    wait_for_line(&lines, "GET /health 200", &mut seen);
    let in_flight = slow_search_in_flight(&base).await;

    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let answer = in_flight.await.unwrap();
    assert_eq!(
        answer.status(),
        200,
        "the request in flight at SIGTERM is answered"
    );
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "SIGTERM is a clean stop");
    wait_for_line(&lines, "POST /api/dinamize/contacts/search 200", &mut seen);
    assert!(
        seen.iter()
            .all(|line| !line.contains("Bearer") && !line.contains("sim-password"))
    );

    let mut conn = admin::connect(&super::common::admin_url()).await.unwrap();
    assert!(
        admin::exists(&mut conn, &fresh).await.unwrap(),
        "serve created the database"
    );
    admin::drop(&mut conn, &fresh).await.unwrap();
}

#[actix_web::test]
async fn serve_on_a_taken_port_exits_1_saying_so_without_a_panic() {
    let ctx = TestContext::new().await;
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = binary()
        .env("DATABASE_URL", ctx.database_url())
        .env("HTTP_HOST", "127.0.0.1")
        .env("HTTP_PORT", &port)
        .env("REDIS_KEY_PREFIX", &ctx.key_prefix)
        .arg("serve")
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{log}");
    assert!(
        log.contains("cannot start: http: Address already in use"),
        "{log}"
    );
    assert!(!log.contains("panicked"), "{log}");
}

/// Kills the child if the test ends before it does (a failed assertion leaves no process).
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

#[actix_web::test]
async fn the_simulate_command_serves_the_dinamize_api_and_exits_0_on_sigterm() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    // Port 0: the simulator binds a free port and logs it, so no port is guessed and raced for.
    let mut child = Running(
        binary()
            .args(["simulate", "--port", "0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let lines = log_lines(&mut child.0);
    let mut seen = Vec::new();
    let ready = wait_for_line(&lines, "Dinamize simulator ready at http://", &mut seen);
    let base = ready
        .split("ready at ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_string();
    let login = serde_json::json!({"user": "sim@dwu.local", "password": "sim-password",
        "client_code": "300001"});
    let answer: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/auth"))
        .json(&login)
        .send()
        .await
        .expect("the simulator answers once it says it is ready")
        .json()
        .await
        .unwrap();
    assert_eq!(answer["code"], "480001", "{answer}");
    assert!(answer["body"]["auth-token"].is_string(), "{answer}");

    Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    let status = child.0.wait().unwrap();
    assert_eq!(status.code(), Some(0), "SIGTERM is a clean stop");
}
