//! Ways to build the limiter's `Connector`: from a Redis URL (benchmark, tests with their own
//! Redis server) or, in the service, from the shared `RedisHandle`.

use std::sync::Arc;
use std::time::Duration;

use ::redis::aio::{ConnectionManager, ConnectionManagerConfig};
use ::redis::{Client, RedisResult};

use crate::redis::RedisHandle;

use super::distributed::{Connector, REDIS_CONNECT_TIMEOUT, REDIS_DECISION_TIMEOUT};

/// How long one command may wait for its reply on a connection built here (the limiter's own
/// bound, so the connection never gives up before the limiter does).
const RESPONSE_TIMEOUT: Duration = REDIS_DECISION_TIMEOUT;

/// How long opening a connection built here may take.
const CONNECTION_TIMEOUT: Duration = REDIS_CONNECT_TIMEOUT;

/// A connector opening a reconnecting connection to `url` (e.g. `redis://127.0.0.1:6379/`).
/// The URL is checked at once; the connection is opened on first use.
pub fn from_url(url: &str) -> RedisResult<Connector> {
    let client = Client::open(url)?;
    Ok(Arc::new(move || {
        let client = client.clone();
        Box::pin(async move { open(client).await })
    }))
}

/// A connector using the service's shared connection (multiplexed and reconnecting; its own
/// response timeout, `REDIS_RESPONSE_TIMEOUT_MS`, applies as well as the limiter's).
pub fn from_handle(redis: RedisHandle) -> Connector {
    Arc::new(move || {
        let redis = redis.clone();
        Box::pin(async move { redis.connection().await })
    })
}

async fn open(client: Client) -> RedisResult<ConnectionManager> {
    let config = ConnectionManagerConfig::new()
        .set_number_of_retries(1)
        .set_response_timeout(Some(RESPONSE_TIMEOUT))
        .set_connection_timeout(Some(CONNECTION_TIMEOUT));
    ConnectionManager::new_with_config(client, config).await
}
