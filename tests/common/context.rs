//! `TestContext`: a fresh database and Redis key prefix for one test, removed when it drops.

use std::time::{Duration, Instant};

use ::redis::Commands;
use dinamize_sync::config::{Config, Env};
use dinamize_sync::db::{self, DbPool, admin};
use dinamize_sync::redis::RedisHandle;

use super::template::{admin_url, database_url, ensure_template};

/// One test's own PostgreSQL database and Redis key prefix, with a `Config` pointing at both.
pub struct TestContext {
    pub config: Config,
    pub db: DbPool,
    pub redis: RedisHandle,
    pub db_name: String,
    pub key_prefix: String,
    pub env: Env,
}

impl TestContext {
    /// A context with the default test environment.
    pub async fn new() -> Self {
        Self::with_env(|env| env).await
    }

    /// A context whose environment `customize` may change (e.g. a short limiter window).
    pub async fn with_env(customize: impl FnOnce(Env) -> Env) -> Self {
        let template = ensure_template().await;
        let db_name = format!(
            "dsync_test_{}_{:08x}",
            std::process::id(),
            rand::random::<u32>()
        );
        clone_database(&template, &db_name).await;
        let key_prefix = format!("test:{db_name}:");
        let env = customize(base_env(&db_name, &key_prefix));
        let config = Config::from_vars(&env).expect("test configuration is valid");
        let db = db::connect(&config.database);
        let redis = RedisHandle::new(&config.redis).expect("Redis settings are valid");
        Self {
            config,
            db,
            redis,
            db_name,
            key_prefix,
            env,
        }
    }

    /// The URL of this test's database.
    pub fn database_url(&self) -> String {
        database_url(&self.db_name)
    }
}

fn base_env(db_name: &str, key_prefix: &str) -> Env {
    let redis_host = std::env::var("TEST_REDIS_HOST").unwrap_or_else(|_| "127.0.0.1".into());
    let redis_port = std::env::var("TEST_REDIS_PORT").unwrap_or_else(|_| "6379".into());
    Env::from_pairs([
        ("DATABASE_URL", database_url(db_name)),
        ("DATABASE_POOL_SIZE", "5".into()),
        ("REDIS_HOST", redis_host),
        ("REDIS_PORT", redis_port),
        ("REDIS_KEY_PREFIX", key_prefix.to_string()),
        ("HTTP_HOST", "127.0.0.1".into()),
        ("HTTP_PORT", "0".into()),
        ("HTTP_WORKERS", "1".into()),
        ("HTTP_SHUTDOWN_TIMEOUT_SECS", "1".into()),
    ])
}

/// `CREATE DATABASE … TEMPLATE …`, retried while another clone briefly holds the template.
async fn clone_database(template: &str, name: &str) {
    let mut conn = admin::connect(&admin_url()).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match admin::create(&mut conn, name, Some(template)).await {
            Ok(()) => return,
            Err(e) if Instant::now() < deadline && e.to_string().contains("being accessed") => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => panic!("cannot clone the template database: {e}"),
        }
    }
}

impl Drop for TestContext {
    fn drop(&mut self) {
        let db_name = self.db_name.clone();
        let prefix = self.key_prefix.clone();
        let redis = format!(
            "redis://{}:{}/",
            self.config.redis.host, self.config.redis.port
        );
        // Drop runs inside the test's runtime; clean up on a thread with its own.
        let cleanup = std::thread::spawn(move || {
            delete_keys(&redis, &prefix);
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                if let Ok(mut conn) = admin::connect(&admin_url()).await {
                    let _ = admin::drop(&mut conn, &db_name).await;
                }
            });
        });
        let _ = cleanup.join();
    }
}

fn delete_keys(url: &str, prefix: &str) {
    let Ok(client) = ::redis::Client::open(url) else {
        return;
    };
    let Ok(mut conn) = client.get_connection_with_timeout(Duration::from_secs(1)) else {
        return;
    };
    let keys: Vec<String> = match conn.scan_match(format!("{prefix}*")) {
        Ok(iter) => iter.filter_map(Result::ok).collect(),
        Err(_) => return,
    };
    for key in keys {
        let _: Result<(), _> = ::redis::cmd("DEL").arg(&key).query(&mut conn);
    }
}
