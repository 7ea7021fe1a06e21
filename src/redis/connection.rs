//! `RedisHandle`: the `redis` crate's `ConnectionManager` (multiplexed: one socket serves every
//! caller; reconnecting: it redials by itself after Redis restarts), made lazily so that the
//! service starts, and reports itself not ready, while Redis is down.

use std::sync::Arc;

use ::redis::aio::{ConnectionManager, ConnectionManagerConfig};
use ::redis::{Client, ConnectionAddr, ConnectionInfo, IntoConnectionInfo, RedisResult};
use tokio::sync::OnceCell;

use super::KeySpace;
use crate::config::RedisConfig;

/// A cheap-to-clone handle on the shared Redis connection.
#[derive(Clone)]
pub struct RedisHandle {
    client: Client,
    manager_config: ConnectionManagerConfig,
    manager: Arc<OnceCell<ConnectionManager>>,
    keys: KeySpace,
}

impl RedisHandle {
    /// Prepares the handle; nothing is dialled until the first call.
    pub fn new(config: &RedisConfig) -> RedisResult<Self> {
        let client = Client::open(connection_info(config)?)?;
        let manager_config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(config.connect_timeout))
            .set_response_timeout(Some(config.response_timeout))
            .set_number_of_retries(1);
        Ok(Self {
            client,
            manager_config,
            manager: Arc::new(OnceCell::new()),
            keys: KeySpace::new(config.key_prefix.clone()),
        })
    }

    /// The shared connection, dialled on first use; a failed dial is retried by the next call.
    pub async fn connection(&self) -> RedisResult<ConnectionManager> {
        let manager = self
            .manager
            .get_or_try_init(|| {
                ConnectionManager::new_with_config(self.client.clone(), self.manager_config.clone())
            })
            .await?;
        Ok(manager.clone())
    }

    /// A new, unshared connection (for tests that want several sockets, and `MONITOR`-like use).
    pub async fn dedicated_connection(&self) -> RedisResult<ConnectionManager> {
        ConnectionManager::new_with_config(self.client.clone(), self.manager_config.clone()).await
    }

    /// A connection of its own in subscriber mode (Redis pub/sub), e.g. for wake-ups.
    pub async fn pubsub(&self) -> RedisResult<::redis::aio::PubSub> {
        self.client.get_async_pubsub().await
    }

    /// How keys are named.
    pub fn keys(&self) -> &KeySpace {
        &self.keys
    }

    /// `PING`, for `/ready`.
    pub async fn ping(&self) -> RedisResult<()> {
        let mut conn = self.connection().await?;
        ::redis::cmd("PING")
            .query_async::<String>(&mut conn)
            .await?;
        Ok(())
    }
}

fn connection_info(config: &RedisConfig) -> RedisResult<ConnectionInfo> {
    let addr = ConnectionAddr::Tcp(config.host.clone(), config.port);
    let mut redis = ::redis::RedisConnectionInfo::default().set_db(config.db);
    if let Some(username) = &config.username {
        redis = redis.set_username(username);
    }
    if let Some(password) = &config.password {
        redis = redis.set_password(password.expose().clone());
    }
    let info = addr.into_connection_info()?.set_redis_settings(redis);
    Ok(info)
}
