//! Running the service for a scenario: in this process (`Application::build_with`, with the
//! scenario's job handler), or as a child `dinamize-sync serve` process (the binary next to
//! this one) when the scenario needs separate processes or the process's own memory.

use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

use super::stage::Stage;
use dinamize_sync::http::AppState;
use dinamize_sync::sim::{FaultSettings, SimConfig, SimHandle};
use dinamize_sync::startup::Application;
use dinamize_sync::sync::{JobHandler, SharedHandler, SyncHandle};

/// A service running in this process.
pub struct InProcess {
    pub state: AppState,
}

impl InProcess {
    /// Starts a service on `stage` with `extra` settings; `handler` replaces the lead sync
    /// handler when given.
    pub async fn start(
        stage: &Stage,
        extra: &[(&str, String)],
        handler: Option<Arc<dyn JobHandler>>,
    ) -> Result<Self, String> {
        let config = stage.config(extra)?;
        let app = Application::build_with(config, move |real| {
            handler.map_or(real, |h| h as SharedHandler)
        })
        .await
        .map_err(|e| e.to_string())?;
        let state = app.state().clone();
        actix_rt::spawn(app.run_until_stopped());
        Ok(Self { state })
    }

    /// The running sync.
    pub fn sync(&self) -> Result<&SyncHandle, String> {
        self.state
            .sync
            .as_ref()
            .ok_or_else(|| "sync disabled".into())
    }

    /// The embedded simulator (the service runs without `DINAMIZE_API_BASE_URL`).
    pub fn sim(&self) -> Result<&SimHandle, String> {
        self.state
            .sim
            .as_ref()
            .ok_or_else(|| "no embedded simulator".into())
    }

    /// Tells the workers `company` has new work (what the leads API does after a write).
    pub async fn notify(&self, company: i64) -> Result<(), String> {
        self.sync()?.notify(company).await;
        Ok(())
    }

    /// Stops the workers (the HTTP server idles until the process ends).
    pub async fn stop(self) {
        if let Some(sync) = &self.state.sync {
            sync.shutdown(Duration::from_secs(1)).await;
        }
    }
}

/// A simulator of its own on a free port, refusing more than `limit` requests per `window`.
pub async fn limited_sim(limit: u32, window: Duration) -> Result<SimHandle, String> {
    let config = SimConfig {
        rate_limit: limit,
        window,
        ..SimConfig::default()
    };
    dinamize_sync::sim::start(config, "127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())
}

/// The simulator's fixed answer delay.
pub fn latency(sim: &SimHandle, ms: u64) {
    sim.state().set_faults(FaultSettings {
        latency_ms: ms,
        ..FaultSettings::default()
    });
}

/// The environment naming the simulator's first account (what a separate simulator needs).
pub fn account_vars(sim: &SimHandle) -> Vec<(&'static str, String)> {
    let account = &sim.state().accounts()[0];
    vec![
        ("DINAMIZE_API_BASE_URL", sim.base_url()),
        ("DINAMIZE_API_USER", account.user.clone()),
        ("DINAMIZE_API_PASSWORD", account.password.clone()),
        ("DINAMIZE_CLIENT_CODE", account.client_code.clone()),
    ]
}

/// A child `dinamize-sync serve` process.
pub struct ChildService {
    pub child: Child,
    pub port: u16,
}

impl ChildService {
    /// Starts `dinamize-sync serve` on `stage` with `extra` settings, and waits for `/health`.
    pub async fn start(stage: &Stage, extra: &[(&str, String)]) -> Result<Self, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let serve = exe.with_file_name("dinamize-sync");
        let port = free_port()?;
        let mut command = Command::new(&serve);
        command
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(stage.vars())
            .env("HTTP_PORT", port.to_string())
            .current_dir(std::env::temp_dir())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .kill_on_drop(true);
        for (name, value) in extra {
            command.env(name, value);
        }
        let child = command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", serve.display()))?;
        let service = Self { child, port };
        service.wait_healthy(Duration::from_secs(30)).await?;
        Ok(service)
    }

    async fn wait_healthy(&self, bound: Duration) -> Result<(), String> {
        let url = format!("http://127.0.0.1:{}/health", self.port);
        let deadline = Instant::now() + bound;
        let http = reqwest::Client::new();
        while Instant::now() < deadline {
            if let Ok(response) = http.get(&url).send().await
                && response.status().is_success()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err(format!(
            "the service on port {} did not get healthy",
            self.port
        ))
    }

    /// The process id.
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// SIGTERM, then waits for the exit (killed after 5 s).
    pub async fn stop(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = std::process::Command::new("kill")
                .arg(pid.to_string())
                .status();
        }
        if tokio::time::timeout(Duration::from_secs(5), self.child.wait())
            .await
            .is_err()
        {
            let _ = self.child.kill().await;
        }
    }
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

/// Publishes the wake-up for `company` on `stage`'s Redis, as a service's write would: child
/// services start on it instead of on their next poll.
pub async fn wake(stage: &Stage, company: i64) -> Result<(), String> {
    let config = stage.config(&[])?;
    let redis = dinamize_sync::redis::RedisHandle::new(&config.redis).map_err(|e| e.to_string())?;
    dinamize_sync::sync::wake::publish(&redis, company).await;
    Ok(())
}
