//! Building and running the service: database preparation, shared state, the HTTP server.

mod account_seed;
mod dinamize;
mod seed;

pub use account_seed::{SeedError, SeedOutcome, seed_account, seed_default_account};
pub use dinamize::embedded_account;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use thiserror::Error;

use crate::actors;
use crate::config::Config;
use crate::db::{self, DbError};
use crate::dinamize::{DinamizeClient, DinamizeError};
use crate::http::{self, AppState};
use crate::redis::RedisHandle;
use crate::sync::backfill::{self, Backfiller};
use crate::sync::{LeadSyncHandler, SharedHandler, SyncHandle};

/// Why the service could not start.
#[derive(Debug, Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Database(#[from] DbError),
    #[error("redis: {0}")]
    Redis(#[from] ::redis::RedisError),
    #[error("http: {0}")]
    Io(#[from] std::io::Error),
    #[error("dinamize client: {0}")]
    Dinamize(#[from] DinamizeError),
    #[error("{0}")]
    Seed(#[from] SeedError),
}

/// The built service, bound to its port, not yet serving.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

/// Creates the database when it does not exist and applies pending migrations.
pub async fn prepare_database(config: &Config) -> Result<(), DbError> {
    let url = config.database.url.expose();
    if db::admin::ensure_database(url).await? {
        log::info!("created database {}", db::admin::split_url(url)?.0);
    }
    let applied = db::migrations::run_pending(url, &config.database.schema).await?;
    if !applied.is_empty() {
        log::info!("applied migrations: {}", applied.join(", "));
    }
    Ok(())
}

impl Application {
    /// Connects, seeds the default company, starts the actors and the sync workers, and binds
    /// the HTTP port (the database must be migrated already: see [`prepare_database`]).
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        Self::build_with(config, |handler| handler).await
    }

    /// [`build`](Self::build), with the sync job handler passed through `wrap` first (tests
    /// and benchmarks wrap or replace it; the service runs it as it is).
    pub async fn build_with(
        config: Config,
        wrap: impl FnOnce(SharedHandler) -> SharedHandler,
    ) -> Result<Self, StartupError> {
        // The port first: when it is taken, nothing else has started (no actor, no worker, no
        // job claimed) and the error is all there is to report.
        let listener = TcpListener::bind((config.http.host.as_str(), config.http.port))?;
        crate::metrics::install();
        let pool = db::connect(&config.database);
        let redis = RedisHandle::new(&config.redis)?;
        db::companies::ensure_default(&pool).await?;
        let (dinamize, sim) = dinamize::resolve(&config).await?;
        let client = DinamizeClient::new(
            dinamize.base_url().clone(),
            config.dinamize.request_timeout,
            config.dinamize.codes.clone(),
        )?;
        let actors = actors::system::start(&config, pool.clone(), redis.clone(), client);
        seed::default_account(&config, &actors.token_service).await?;
        let sync = config.sync.enabled.then(|| {
            let handler: SharedHandler = Arc::new(LeadSyncHandler::new(
                pool.clone(),
                actors.api_client.clone(),
            ));
            let backfiller = Backfiller::new(
                pool.clone(),
                actors.api_client.clone(),
                config.sync.import,
                config.sync.lease,
            )
            .waking(redis.clone());
            actix::spawn(backfill::watch(backfiller, config.sync.tick));
            SyncHandle::start(
                &config.sync,
                pool.clone(),
                redis.clone(),
                actors.limiter.clone(),
                config.limiter.guard,
                wrap(handler),
            )
        });
        let state = AppState {
            roles: Arc::new(crate::auth::RoleSource::new(&config.roles)),
            config: Arc::new(config),
            db: pool,
            redis,
            dinamize,
            sim,
            actors,
            sync,
        };
        let port = listener.local_addr()?.port();
        let server = http_server(state.clone(), listener)?;
        crate::alerts::spawn(state.clone());
        log::info!("service listening on {}:{port}", state.config.http.host);
        Ok(Self {
            port,
            server,
            state,
        })
    }

    /// The bound port (useful with `HTTP_PORT=0`).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests reach PostgreSQL, Redis and actors through it).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM/SIGINT; then, at once, the HTTP server drains its in-flight
    /// requests and the sync workers finish their running jobs, both within
    /// `HTTP_SHUTDOWN_TIMEOUT_SECS`; jobs still running then go back to the queue.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let handle = self.server.handle();
        let sync = self.state.sync.clone();
        let grace = self.state.config.http.shutdown_timeout;
        actix_web::rt::spawn(async move {
            shutdown_signal().await;
            log::info!("stopping: draining requests and running sync jobs");
            let http = handle.stop(true);
            match sync {
                Some(sync) => {
                    futures_util::future::join(http, sync.shutdown(grace)).await;
                }
                None => http.await,
            }
        });
        self.server.await
    }
}

/// SIGTERM or SIGINT (Ctrl-C).
async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(mut term), Ok(mut int)) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        }
        _ => std::future::pending().await,
    }
}

fn http_server(state: AppState, listener: TcpListener) -> std::io::Result<Server> {
    let http = state.config.http.clone();
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .wrap(actix_web::middleware::from_fn(
                http::error_shape::error_shape,
            ))
            .wrap(http::request_log::request_logger())
            .wrap(actix_web::middleware::from_fn(
                crate::metrics::http::count_requests,
            ))
            .app_data(data.clone())
            .app_data(http::json::json_config(http.max_body_bytes))
            .app_data(http::json::path_config())
            .app_data(http::json::query_config())
            .configure(http::routes::configure)
    })
    .workers(http.workers)
    .disable_signals()
    .shutdown_timeout(http.shutdown_timeout.as_secs())
    .listen(listener)?
    .run();
    Ok(server)
}
