//! `spawn_app()`: the whole service on port 0 against the test's own database and key prefix.

use dinamize_sync::config::Env;
use dinamize_sync::http::AppState;
use dinamize_sync::startup::Application;

use super::TestContext;

/// A running service.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    pub port: u16,
    pub state: AppState,
    pub http: reqwest::Client,
    pub ctx: TestContext,
}

/// Starts the service with the default test environment.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|env| env).await
}

/// Starts the service after `customize` changed its environment.
pub async fn spawn_app_with(customize: impl FnOnce(Env) -> Env) -> TestApp {
    dinamize_sync::telemetry::init();
    // reqwest is built without a default TLS provider; tests use ring like the service.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let ctx = TestContext::with_env(customize).await;
    let app = Application::build(ctx.config.clone())
        .await
        .expect("the service starts");
    let port = app.port();
    let state = app.state().clone();
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        state,
        http: reqwest::Client::new(),
        ctx,
    }
}

impl TestApp {
    /// The embedded simulator (tests run without `DINAMIZE_API_BASE_URL`).
    pub fn sim(&self) -> &dinamize_sync::sim::SimHandle {
        self.state
            .sim
            .as_ref()
            .expect("the test app runs the embedded simulator")
    }

    /// `GET <address><path>`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the request reaches the service")
    }
}
