//! Wake-ups between instances: a job written by one instance is started within milliseconds
//! by any instance. Each write publishes the company on a Redis channel; each instance
//! listens and tells its dispatcher. Losing one (Redis down, a flush) delays a job by at most
//! the poll interval: the queue itself is in PostgreSQL.

use std::time::Duration;

use futures_util::StreamExt;

use super::dispatcher::Dispatcher;
use crate::redis::RedisHandle;

/// How long the listener waits before reconnecting after Redis failed.
const RECONNECT: Duration = Duration::from_secs(1);

/// The channel name (`<prefix>sync:wake`).
pub fn channel(redis: &RedisHandle) -> String {
    redis.keys().global("sync:wake")
}

/// Tells every instance that `company` has new work. Failures are logged at debug level:
/// polling finds the work anyway.
pub async fn publish(redis: &RedisHandle, company: i64) {
    let result = async {
        let mut conn = redis.connection().await?;
        ::redis::cmd("PUBLISH")
            .arg(channel(redis))
            .arg(company)
            .query_async::<i64>(&mut conn)
            .await
    }
    .await;
    if let Err(error) = result {
        log::debug!("sync: wake-up for company {company} not published: {error}");
    }
}

/// Listens for wake-ups until the dispatcher stops, reconnecting after failures.
pub async fn listen(redis: RedisHandle, dispatcher: Dispatcher) {
    let channel = channel(&redis);
    while !dispatcher.is_stopping() {
        match redis.pubsub().await {
            Ok(mut pubsub) => match pubsub.subscribe(&channel).await {
                Ok(()) => {
                    let mut messages = pubsub.into_on_message();
                    // Work written while we were not listening: look now.
                    dispatcher.wake(None);
                    while let Some(message) = messages.next().await {
                        if dispatcher.is_stopping() {
                            return;
                        }
                        dispatcher.wake(message.get_payload::<i64>().ok());
                    }
                    log::debug!("sync: wake-up channel closed; reconnecting");
                }
                Err(error) => log::debug!("sync: cannot subscribe to wake-ups: {error}"),
            },
            Err(error) => log::debug!("sync: cannot connect for wake-ups: {error}"),
        }
        tokio::time::sleep(RECONNECT).await;
    }
}
