//! The Redis copy of a company's token: `<row_id>|<json>` under `KeySpace::company("token", id)`,
//! the token inside the JSON **encrypted** (purpose `token`), TTL from
//! [`TokenTimes::redis_ttl`](super::policy::TokenTimes::redis_ttl).
//!
//! The row id (of `crm_auth_tokens`) orders writes: a write never replaces a newer row, and an
//! invalidation leaves a tombstone `<row_id>|revoked` so that a slower instance copying the
//! revoked row back from PostgreSQL cannot resurrect it. Uses rewrite the value by
//! compare-and-set, so a use racing an invalidation cannot resurrect it either.

use std::sync::LazyLock;
use std::time::Duration;

use ::redis::aio::ConnectionManager;
use ::redis::{RedisResult, Script};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::policy::TokenTimes;

/// How long an invalidation tombstone blocks copies of the revoked row (longer than any
/// read-then-write window of another instance).
pub const TOMBSTONE_TTL: Duration = Duration::from_secs(120);

/// The JSON part of the cached value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedToken {
    /// The token, as `Keyring::encrypt` text (never plaintext).
    pub token: String,
    /// When `/auth` issued it.
    pub obtained_at: DateTime<Utc>,
    /// The exact last use (the idle clock).
    pub last_used_at: DateTime<Utc>,
    /// What `crm_auth_tokens.last_used_at` holds.
    pub persisted_used_at: DateTime<Utc>,
}

impl CachedToken {
    /// The times the expiry rules need.
    pub fn times(&self) -> TokenTimes {
        TokenTimes {
            obtained_at: self.obtained_at,
            last_used_at: self.last_used_at,
        }
    }
}

/// A cached value as read: the raw text (for compare-and-set) and its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The exact stored text.
    pub raw: String,
    /// The `crm_auth_tokens` row it copies.
    pub row_id: i64,
    /// The token and its times.
    pub cached: CachedToken,
}

/// Renders `<row_id>|<json>`.
pub fn render(row_id: i64, cached: &CachedToken) -> String {
    let json = serde_json::to_string(cached).expect("a CachedToken always serialises");
    format!("{row_id}|{json}")
}

/// Parses a stored value; `None` for a tombstone or anything unreadable (treated as a miss).
pub fn parse(raw: &str) -> Option<Entry> {
    let (row, json) = raw.split_once('|')?;
    let cached = serde_json::from_str(json).ok()?;
    Some(Entry {
        raw: raw.to_owned(),
        row_id: row.parse().ok()?,
        cached,
    })
}

/// Writes ARGV[2] with TTL ARGV[3] ms unless the key holds a newer row, or a tombstone of
/// this row.
static PUT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local cur = redis.call('GET', KEYS[1])
if cur then
  local row = tonumber(string.match(cur, '^(%d+)|'))
  local mine = tonumber(ARGV[1])
  if row and (row > mine or (row == mine and string.sub(cur, -8) == '|revoked')) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1",
    )
});

/// Replaces ARGV[1] by ARGV[2] (TTL ARGV[3] ms) only if the key still holds ARGV[1].
static SWAP: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0",
    )
});

fn millis(ttl: Duration) -> u64 {
    u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1)
}

/// Reads the cached value of `key`.
pub async fn read(conn: &mut ConnectionManager, key: &str) -> RedisResult<Option<Entry>> {
    let raw: Option<String> = ::redis::cmd("GET").arg(key).query_async(conn).await?;
    Ok(raw.as_deref().and_then(parse))
}

/// Stores `cached` for row `row_id` unless a newer row or this row's tombstone is there.
/// Returns whether it was written.
pub async fn put(
    conn: &mut ConnectionManager,
    key: &str,
    row_id: i64,
    cached: &CachedToken,
    ttl: Duration,
) -> RedisResult<bool> {
    let written: i64 = PUT
        .key(key)
        .arg(row_id)
        .arg(render(row_id, cached))
        .arg(millis(ttl))
        .invoke_async(conn)
        .await?;
    Ok(written == 1)
}

/// Rewrites `entry` with new times by compare-and-set. Returns whether this caller won.
pub async fn swap(
    conn: &mut ConnectionManager,
    key: &str,
    entry: &Entry,
    cached: &CachedToken,
    ttl: Duration,
) -> RedisResult<bool> {
    let swapped: i64 = SWAP
        .key(key)
        .arg(&entry.raw)
        .arg(render(entry.row_id, cached))
        .arg(millis(ttl))
        .invoke_async(conn)
        .await?;
    Ok(swapped == 1)
}

/// Replaces whatever is cached by the tombstone of `row_id` (`None`: no row known, just delete).
pub async fn revoke(
    conn: &mut ConnectionManager,
    key: &str,
    row_id: Option<i64>,
) -> RedisResult<()> {
    match row_id {
        Some(row) => {
            ::redis::cmd("SET")
                .arg(key)
                .arg(format!("{row}|revoked"))
                .arg("PX")
                .arg(millis(TOMBSTONE_TTL))
                .query_async::<()>(conn)
                .await
        }
        None => ::redis::cmd("DEL").arg(key).query_async::<()>(conn).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_survives_render_and_parse_and_a_tombstone_is_a_miss() {
        let now = Utc::now();
        let cached = CachedToken {
            token: "v1:k1:AAAA".into(),
            obtained_at: now,
            last_used_at: now,
            persisted_used_at: now,
        };
        let raw = render(42, &cached);
        let entry = parse(&raw).unwrap();
        assert_eq!((entry.row_id, entry.cached), (42, cached));
        assert_eq!(parse("42|revoked"), None);
        assert_eq!(parse("garbage"), None);
    }
}
