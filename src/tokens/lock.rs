//! The per-company `/auth` lock in Redis: `SET key <unique value> NX PX ttl` to take it,
//! compare-and-delete (Lua) to release it, so a holder whose lock expired cannot release the
//! next holder's lock.

use std::sync::LazyLock;
use std::time::Duration;

use ::redis::aio::ConnectionManager;
use ::redis::{RedisResult, Script};
use rand::RngExt;

/// Deletes KEYS[1] only if it still holds ARGV[1].
static RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0",
    )
});

/// A value no other holder will ever use (128 random bits, hex).
pub fn unique_value() -> String {
    format!("{:032x}", rand::rng().random::<u128>())
}

/// Tries to take the lock for `ttl`. True when taken.
pub async fn acquire(
    conn: &mut ConnectionManager,
    key: &str,
    value: &str,
    ttl: Duration,
) -> RedisResult<bool> {
    let millis = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
    let reply: Option<String> = ::redis::cmd("SET")
        .arg(key)
        .arg(value)
        .arg("NX")
        .arg("PX")
        .arg(millis)
        .query_async(conn)
        .await?;
    Ok(reply.is_some())
}

/// Releases the lock if `value` still holds it.
pub async fn release(conn: &mut ConnectionManager, key: &str, value: &str) -> RedisResult<bool> {
    let deleted: i64 = RELEASE.key(key).arg(value).invoke_async(conn).await?;
    Ok(deleted == 1)
}

/// Whether anyone holds the lock.
pub async fn is_held(conn: &mut ConnectionManager, key: &str) -> RedisResult<bool> {
    let exists: i64 = ::redis::cmd("EXISTS").arg(key).query_async(conn).await?;
    Ok(exists == 1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn unique_values_differ() {
        assert_ne!(super::unique_value(), super::unique_value());
        assert_eq!(super::unique_value().len(), 32);
    }
}
