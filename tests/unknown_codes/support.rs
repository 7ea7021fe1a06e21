//! A simulator with codes of its own, and the service pointed at it as at a real Dinamize.

use base64::Engine;
use dinamize_sync::config::Env;
use dinamize_sync::sim::{self, SimCodes, SimConfig, SimHandle};

use super::common::{TestApp, spawn_app_with};

/// Codes no placeholder uses, as a real account might answer.
pub fn foreign_codes() -> SimCodes {
    SimCodes {
        expired_token: "310005".into(),
        duplicate_contact: "310100".into(),
        not_found: "310101".into(),
        invalid_email: "310102".into(),
        list_not_found: "310103".into(),
        invalid_request: "310104".into(),
    }
}

/// A simulator answering `codes`, limit off so the tests count only what they mean to.
pub async fn simulator(codes: SimCodes) -> SimHandle {
    let config = SimConfig {
        codes,
        rate_limit: 0,
        ..SimConfig::default()
    };
    sim::start(config, "127.0.0.1:0")
        .await
        .expect("the simulator starts")
}

/// The service with `sim` as its Dinamize (the default account seeded from the environment),
/// after `customize` changed its environment (e.g. `DINAMIZE_CODE_*`).
pub async fn service(sim: &SimHandle, customize: impl FnOnce(Env) -> Env) -> TestApp {
    let key = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
    let base = sim.base_url();
    spawn_app_with(move |env| {
        customize(
            env.with("DINAMIZE_API_BASE_URL", base)
                .with("DINAMIZE_API_USER", "sim@dwu.local")
                .with("DINAMIZE_API_PASSWORD", "sim-password")
                .with("DINAMIZE_CLIENT_CODE", "300001")
                .with("JWT_SECRET", "unknown-codes-test-secret-0123456789")
                .with("ENCRYPT_TOKEN_KEY", key),
        )
    })
    .await
}

/// How many requests the simulator got on `path`.
pub fn calls(sim: &SimHandle, path: &str) -> usize {
    sim.state()
        .journal()
        .iter()
        .filter(|e| e.path == path)
        .count()
}
