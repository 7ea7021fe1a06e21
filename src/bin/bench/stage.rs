//! What every queue scenario stands on: its own database (created and migrated here, dropped
//! afterwards), its own Redis key prefix (deleted afterwards), the environment a service needs
//! to run on both, in process or as a child `dinamize-sync serve`.

use std::time::Duration;

use diesel_async::{AsyncConnection, AsyncPgConnection};
use url::Url;

use dinamize_sync::config::{Config, Env};
use dinamize_sync::db::{admin, migrations};

/// The PostgreSQL server the scenarios use (`BENCH_DATABASE_URL`, any database on it).
const DEFAULT_SERVER: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The secrets a service pointed at a separate simulator must have (development values:
/// the bench's databases are thrown away).
pub const JWT_SECRET: &str = "bench-only-jwt-secret-never-in-production";
pub const ENCRYPT_KEY: &str = "bench-key-for-benchmarks-only-32";

/// One scenario's database and key prefix.
pub struct Stage {
    /// The database's name.
    pub db_name: String,
    /// Its URL.
    pub db_url: String,
    /// The Redis key prefix every service of the scenario uses.
    pub prefix: String,
    /// `redis://host:port/`.
    pub redis_url: String,
}

impl Stage {
    /// Creates and migrates a fresh database for `scenario`.
    pub async fn create(scenario: &str, redis_url: &str) -> Result<Self, String> {
        let server = std::env::var("BENCH_DATABASE_URL").unwrap_or(DEFAULT_SERVER.into());
        let tag = format!("{:08x}", rand::random::<u32>());
        let db_name = format!("dsync_bench_{scenario}_{tag}");
        let mut db_url = Url::parse(&server).map_err(|e| e.to_string())?;
        db_url.set_path(&db_name);
        let db_url = db_url.to_string();
        admin::ensure_database(&db_url)
            .await
            .map_err(|e| e.to_string())?;
        migrations::run_pending(&db_url, dinamize_sync::config::DEFAULT_SCHEMA)
            .await
            .map_err(|e| e.to_string())?;
        Ok(Self {
            db_name,
            db_url,
            prefix: format!("bench-{scenario}-{tag}:"),
            redis_url: redis_url.to_owned(),
        })
    }

    /// The environment of a service on this stage, before the scenario's own settings.
    pub fn vars(&self) -> Vec<(String, String)> {
        let redis = Url::parse(&self.redis_url).ok();
        let host = redis.as_ref().and_then(|u| u.host_str().map(str::to_owned));
        let port = redis.as_ref().and_then(Url::port).unwrap_or(6379);
        [
            ("DATABASE_URL", self.db_url.clone()),
            ("REDIS_HOST", host.unwrap_or_else(|| "127.0.0.1".into())),
            ("REDIS_PORT", port.to_string()),
            ("REDIS_KEY_PREFIX", self.prefix.clone()),
            ("HTTP_HOST", "127.0.0.1".into()),
            ("HTTP_PORT", "0".into()),
            ("HTTP_WORKERS", "1".into()),
            ("HTTP_SHUTDOWN_TIMEOUT_SECS", "1".into()),
            ("JWT_SECRET", JWT_SECRET.into()),
            ("ENCRYPT_TOKEN_KEY", ENCRYPT_KEY.into()),
            ("RUST_LOG", "warn".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
    }

    /// A service configuration on this stage with `extra` settings on top.
    pub fn config(&self, extra: &[(&str, String)]) -> Result<Config, String> {
        let mut env = Env::from_pairs(self.vars());
        for (name, value) in extra {
            env = env.with(name, value.clone());
        }
        Config::from_vars(&env).map_err(|e| e.to_string())
    }

    /// A connection of the scenario's own (not the service's pool).
    pub async fn connect(&self) -> Result<AsyncPgConnection, String> {
        // The service's tables are in its own schema.
        let url = dinamize_sync::config::with_search_path(
            &self.db_url,
            dinamize_sync::config::DEFAULT_SCHEMA,
        );
        AsyncPgConnection::establish(&url)
            .await
            .map_err(|e| e.to_string())
    }

    /// Drops the database and deletes the prefix's keys.
    pub async fn cleanup(self) {
        if let Ok((_, maintenance)) = admin::split_url(&self.db_url)
            && let Ok(mut conn) = admin::connect(&maintenance).await
            && let Err(e) = admin::drop(&mut conn, &self.db_name).await
        {
            log::warn!("bench: cannot drop {}: {e}", self.db_name);
        }
        if let Err(e) = delete_keys(&self.redis_url, &self.prefix).await {
            log::warn!("bench: cannot delete keys {}*: {e}", self.prefix);
        }
    }
}

async fn delete_keys(url: &str, prefix: &str) -> Result<(), String> {
    let client = ::redis::Client::open(url).map_err(|e| e.to_string())?;
    let mut con = tokio::time::timeout(
        Duration::from_secs(2),
        client.get_multiplexed_async_connection(),
    )
    .await
    .map_err(|_| "timeout".to_owned())?
    .map_err(|e| e.to_string())?;
    let keys: Vec<String> = ::redis::cmd("KEYS")
        .arg(format!("{prefix}*"))
        .query_async(&mut con)
        .await
        .map_err(|e| e.to_string())?;
    if keys.is_empty() {
        return Ok(());
    }
    ::redis::cmd("DEL")
        .arg(keys)
        .exec_async(&mut con)
        .await
        .map_err(|e| e.to_string())
}
