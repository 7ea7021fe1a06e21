//! What every handler can reach: configuration, PostgreSQL, Redis and the actors.

use std::sync::Arc;

use url::Url;

use crate::actors::Actors;
use crate::auth::RoleSource;
use crate::config::Config;
use crate::db::DbPool;
use crate::redis::RedisHandle;
use crate::sim::SimHandle;
use crate::sync::SyncHandle;

/// Which Dinamize the service talks to.
#[derive(Debug, Clone)]
pub enum DinamizeMode {
    /// `DINAMIZE_API_BASE_URL` is set.
    Remote { base_url: Url },
    /// No URL configured: the simulator runs inside this process.
    EmbeddedSimulator { base_url: Url },
}

impl DinamizeMode {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        match self {
            Self::Remote { base_url } | Self::EmbeddedSimulator { base_url } => base_url,
        }
    }

    /// How `/ready` describes it.
    pub fn describe(&self) -> &'static str {
        match self {
            Self::Remote { .. } => "remote",
            Self::EmbeddedSimulator { .. } => "embedded simulator",
        }
    }
}

/// Shared application state (`web::Data<AppState>`).
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: DbPool,
    pub redis: RedisHandle,
    pub dinamize: DinamizeMode,
    /// The embedded simulator, when no `DINAMIZE_API_BASE_URL` is set.
    pub sim: Option<SimHandle>,
    /// TokenActor, RateLimiterActor, ApiClientActor.
    pub actors: Actors,
    /// Callers' roles per company (the CRM's user–company table, or the token).
    pub roles: Arc<RoleSource>,
    /// The sync workers of this instance (`None` with `SYNC_ENABLED=false`).
    pub sync: Option<SyncHandle>,
}
