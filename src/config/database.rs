//! `DATABASE_*`: the PostgreSQL connection pool.

use std::time::Duration;

use super::{ConfigError, Env, Secret, bounds};

/// PostgreSQL, the record of every lead, job and token.
#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    /// `DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/dinamize_sync`); it may hold a
    /// password, so it is a secret. `serve` creates the database when it does not exist.
    pub url: Secret<String>,
    /// `DATABASE_POOL_SIZE` (default `10`).
    pub pool_size: u32,
    /// `DATABASE_CONNECT_TIMEOUT_MS` (default `5000`): how long a caller waits for a connection.
    pub connect_timeout: Duration,
}

/// Where a newcomer's PostgreSQL is: the machine's local server, trust auth.
pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/dinamize_sync";

impl DatabaseConfig {
    pub(super) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let url = env.string("DATABASE_URL", DEFAULT_DATABASE_URL);
        let parsed = url::Url::parse(&url)
            .map_err(|_| ConfigError::secret("DATABASE_URL", "a postgres:// URL"))?;
        if !matches!(parsed.scheme(), "postgres" | "postgresql") || parsed.path().len() < 2 {
            return Err(ConfigError::secret(
                "DATABASE_URL",
                "a postgres:// URL naming a database",
            ));
        }
        Ok(Self {
            url: Secret::new(url),
            pool_size: env.bounded(&bounds::DATABASE_POOL_SIZE)?,
            connect_timeout: env.bounded_millis(&bounds::DATABASE_CONNECT_TIMEOUT_MS)?,
        })
    }
}
