//! `dinamize-sync calibrate` as a process against a simulator whose unpublished codes are not
//! the service's placeholders: it learns them, prints the `.env` lines, stays within its request
//! budget, redacts secrets, and writes a report the simulator can load back.

use std::path::PathBuf;

use dinamize_sync::sim::{self, SimCodes, SimConfig, SimHandle};
use serde_json::Value;

fn foreign_codes() -> SimCodes {
    SimCodes {
        expired_token: "310005".into(),
        duplicate_contact: "310100".into(),
        not_found: "310101".into(),
        invalid_email: "310102".into(),
        list_not_found: "310103".into(),
        invalid_request: "310104".into(),
    }
}

async fn simulator(codes: SimCodes) -> SimHandle {
    let config = SimConfig {
        codes,
        ..SimConfig::default()
    };
    sim::start(config, "127.0.0.1:0").await.unwrap()
}

fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("calibrate-{:08x}", rand::random::<u32>()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `calibrate` with the simulator's account and `extra` flags; (exit code, stdout, report).
async fn calibrate(sim: &SimHandle, extra: &[&str]) -> (i32, String, Value, PathBuf) {
    let dir = scratch_dir();
    let report = dir.join("report.json");
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_dinamize-sync"))
        .current_dir(&dir)
        .env_clear()
        .env("DINAMIZE_API_BASE_URL", sim.base_url())
        .env("DINAMIZE_API_USER", "sim@dwu.local")
        .env("DINAMIZE_API_PASSWORD", "sim-password")
        .env("DINAMIZE_CLIENT_CODE", "300001")
        .arg("calibrate")
        .arg("--report")
        .arg(&report)
        .args(extra)
        .output()
        .await
        .expect("the binary runs");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let text = std::fs::read_to_string(&report).expect("the report is written");
    let json: Value = serde_json::from_str(&text).unwrap();
    assert!(!text.contains("sim-password"), "the password is redacted");
    (output.status.code().unwrap_or(-1), stdout, json, report)
}

#[actix_web::test]
async fn read_only_calibrate_learns_the_not_found_token_and_list_codes_and_writes_nothing() {
    let sim = simulator(foreign_codes()).await;
    let (code, stdout, report, _) = calibrate(&sim, &[]).await;
    assert_eq!(code, 0, "{stdout}");
    for line in [
        "DINAMIZE_CODE_NOT_FOUND=310101",
        "DINAMIZE_CODE_EXPIRED_TOKEN=310005",
        "DINAMIZE_CODE_LIST_NOT_FOUND=310103",
    ] {
        assert!(stdout.lines().any(|l| l == line), "{line} in {stdout}");
    }
    assert!(stdout.contains("# DINAMIZE_CODE_DUPLICATE_CONTACT: not learnt"));
    let journal = sim.state().journal();
    assert_eq!(
        report["requests_used"],
        journal.len(),
        "every request is in the report"
    );
    assert!(
        journal
            .iter()
            .all(|e| !e.path.ends_with("/add") && e.path != "/emkt/contact")
    );
    let token = report["steps"][0]["answer"]["body"]["auth-token"]
        .as_str()
        .unwrap();
    assert_eq!(token, "[redacted]");
}

#[actix_web::test]
async fn calibrate_with_writes_learns_every_code_and_the_simulator_loads_its_report() {
    let sim = simulator(foreign_codes()).await;
    let (code, stdout, report, path) = calibrate(&sim, &["--allow-writes", "--list", "1"]).await;
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(report["observations"]["duplicates"], "rejected");
    assert!(
        stdout
            .lines()
            .any(|l| l == "DINAMIZE_CODE_DUPLICATE_CONTACT=310100")
    );
    assert!(
        stdout
            .lines()
            .any(|l| l == "DINAMIZE_CODE_INVALID_EMAIL=310102")
    );
    let used = report["requests_used"].as_u64().unwrap();
    assert!(used <= 20, "{used}");
    assert_eq!(used as usize, sim.state().journal().len());
    assert_eq!(SimCodes::load(&path).unwrap(), foreign_codes());
    let imported = sim.state().contacts("300001", 1);
    assert_eq!(
        imported.len(),
        2,
        "the added contact was deleted, the two imported remain"
    );
}

#[actix_web::test]
async fn calibrate_never_sends_more_than_its_budget() {
    let sim = simulator(foreign_codes()).await;
    let (_, _, report, _) = calibrate(&sim, &["--max-requests", "3"]).await;
    assert_eq!(report["requests_used"], 3);
    assert_eq!(sim.state().journal().len(), 3);
}
