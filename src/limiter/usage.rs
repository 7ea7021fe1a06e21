//! How much of a company's window is in use, for the admins' queue statistics. Reads the
//! limiter's own sorted set (`<prefix>ratelimit:{<company>}`, one member per permit, scored
//! with the Redis server's clock in µs, see `sliding_window.lua`) without changing it.

use std::time::Duration;

use ::redis::RedisResult;
use ::redis::aio::ConnectionLike;

use super::script::CompanyKeys;

/// Permits still occupying the company's window: members scored within the last `span`
/// (window + guard) by the Redis server's clock. `ZCOUNT`, not `ZCARD`: the script trims
/// ended permits only when it next decides, so the set may still hold some.
pub async fn permits_in_window<C: ConnectionLike>(
    con: &mut C,
    keys: &CompanyKeys,
    span: Duration,
) -> RedisResult<u64> {
    let (secs, micros): (u64, u64) = ::redis::cmd("TIME").query_async(con).await?;
    let now = secs * 1_000_000 + micros;
    let since = now.saturating_sub(span.as_micros() as u64);
    ::redis::cmd("ZCOUNT")
        .arg(&keys.window)
        .arg(format!("({since}"))
        .arg("+inf")
        .query_async(con)
        .await
}
