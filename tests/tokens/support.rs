//! Shared set-up of the token tests: a simulator, "application instances" (each its own
//! PostgreSQL pool, Redis connection, HTTP client and `TokenActor`), the default account, and
//! a capturing logger so tests can search every log line.
#![allow(dead_code)]

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use actix::Addr;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use dinamize_sync::accounts::{self, Credentials};
use dinamize_sync::actors::token::{GetToken, TokenActor};
use dinamize_sync::config::{Config, Secret};
use dinamize_sync::db;
use dinamize_sync::dinamize::DinamizeClient;
use dinamize_sync::redis::RedisHandle;
use dinamize_sync::sim::{self, SimConfig, SimHandle};
use dinamize_sync::tokens::{TokenError, TokenService};

use crate::common::TestContext;

/// The company the tests use (the default company, created by the migrations' seed or here).
pub const COMPANY: i64 = 1;
/// The simulator's default account.
pub const SIM_USER: &str = "sim@dwu.local";
pub const SIM_PASSWORD: &str = "sim-password";
pub const SIM_CLIENT_CODE: &str = "300001";
/// The test encryption key (its raw bytes and base64 must never appear in a log).
pub const KEY_BYTES: [u8; 32] = *b"test-key-0123456789-abcdefghijkl";

/// Lines logged by this test process.
pub fn captured_logs() -> Vec<String> {
    CAPTURE
        .get()
        .map(|c| c.lines.lock().unwrap().clone())
        .unwrap_or_default()
}

struct Capture {
    lines: Mutex<Vec<String>>,
}

static CAPTURE: OnceLock<&'static Capture> = OnceLock::new();

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, record: &log::Record) {
        let line = format!("{} {} {}", record.level(), record.target(), record.args());
        self.lines.lock().unwrap().push(line);
    }
    fn flush(&self) {}
}

/// Installs the capturing logger (once per process) at the most verbose level.
pub fn capture_logs() {
    CAPTURE.get_or_init(|| {
        let capture: &'static Capture = Box::leak(Box::new(Capture {
            lines: Mutex::new(Vec::new()),
        }));
        if log::set_logger(capture).is_ok() {
            log::set_max_level(log::LevelFilter::Trace);
        }
        capture
    });
}

/// A test context whose key is [`KEY_BYTES`] (given as base64) with id `k1`.
pub async fn context() -> TestContext {
    capture_logs();
    TestContext::with_env(|env| env.with("ENCRYPT_TOKEN_KEY", STANDARD.encode(KEY_BYTES))).await
}

/// A simulator with its default account, on a free port.
pub async fn simulator() -> SimHandle {
    sim::start(SimConfig::default(), "127.0.0.1:0")
        .await
        .expect("the simulator starts")
}

/// One application instance: its own pool, Redis connection and client, and a supervised actor.
pub fn instance(config: &Config, sim: &SimHandle) -> (TokenService, Addr<TokenActor>) {
    instance_with_redis(config, sim, RedisHandle::new(&config.redis).unwrap())
}

/// An instance whose Redis handle is given (e.g. one pointing at a closed port).
pub fn instance_with_redis(
    config: &Config,
    sim: &SimHandle,
    redis: RedisHandle,
) -> (TokenService, Addr<TokenActor>) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let url = url::Url::parse(&sim.base_url()).unwrap();
    let client =
        DinamizeClient::new(url, Duration::from_secs(5), config.dinamize.codes.clone()).unwrap();
    let service = TokenService::from_config(config, db::connect(&config.database), redis, client);
    let actor = TokenActor::start_supervised(service.clone());
    (service, actor)
}

/// A token service whose Dinamize is unreachable (for tests that never log in).
pub fn service(config: &Config) -> TokenService {
    let url = url::Url::parse("http://127.0.0.1:1").unwrap();
    let client =
        DinamizeClient::new(url, Duration::from_secs(1), config.dinamize.codes.clone()).unwrap();
    let redis = RedisHandle::new(&config.redis).unwrap();
    TokenService::from_config(config, db::connect(&config.database), redis, client)
}

/// Stores the company's credentials (the simulator's account unless `password` says otherwise).
pub async fn set_account(ctx: &TestContext, password: &str) {
    db::companies::ensure_default(&ctx.db).await.unwrap();
    let credentials = Credentials {
        api_user: SIM_USER.into(),
        password: Secret::new(password.to_owned()),
        client_code: SIM_CLIENT_CODE.into(),
        default_list_code: Some("1".into()),
        requests_per_minute: None,
    };
    accounts::set_credentials(&ctx.db, &ctx.config.crypto.keyring(), COMPANY, &credentials)
        .await
        .unwrap();
}

/// `GetToken` for the test company.
pub async fn get_token(actor: &Addr<TokenActor>) -> Result<String, TokenError> {
    actor
        .send(GetToken {
            company_id: COMPANY,
        })
        .await
        .expect("the actor answers")
}

/// How many `/auth` calls the simulator received.
pub fn auth_calls(sim: &SimHandle) -> usize {
    sim.state()
        .journal()
        .iter()
        .filter(|e| e.path == "/auth")
        .count()
}

/// Makes one real call with `token` (a contact-list search), as `ApiClientActor` would.
pub async fn use_token(
    sim: &SimHandle,
    token: &str,
) -> Result<(), dinamize_sync::dinamize::DinamizeError> {
    let url = url::Url::parse(&sim.base_url()).unwrap();
    let client = DinamizeClient::new(url, Duration::from_secs(5), Default::default()).unwrap();
    let request = dinamize_sync::dinamize::ContactListSearchRequest::default();
    client.send(token, &request).await.map(|_| ())
}
