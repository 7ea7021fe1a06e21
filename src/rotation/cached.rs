//! The Redis side of a rotation: each company's cached token copy, swapped only if unchanged
//! meanwhile; a copy no configured key opens is deleted (PostgreSQL holds the record).

use std::collections::BTreeSet;

use crate::crypto::{Keyring, Purpose};
use crate::redis::RedisHandle;
use crate::tokens::redis_store;
use crate::tokens::service::TOKEN_KEY;

use super::report::RotationReport;

pub(super) async fn rotate_redis(
    redis: &RedisHandle,
    keyring: &Keyring,
    companies: &BTreeSet<i64>,
    report: &mut RotationReport,
) {
    let mut conn = match redis.connection().await {
        Ok(conn) => conn,
        Err(e) => {
            report.redis_error = Some(e.to_string());
            return;
        }
    };
    for &company_id in companies {
        let key = redis.keys().company(TOKEN_KEY, company_id);
        let result = async {
            let Some(entry) = redis_store::read(&mut conn, &key).await? else {
                return Ok(false);
            };
            let token = match keyring.reencrypt(company_id, Purpose::Token, &entry.cached.token) {
                Ok(Some(token)) => token,
                Ok(None) => return Ok(false),
                // Unreadable with any configured key: drop it (PostgreSQL holds the record).
                Err(_) => {
                    return ::redis::cmd("DEL")
                        .arg(&key)
                        .query_async::<()>(&mut conn)
                        .await
                        .map(|_| false);
                }
            };
            let ttl: Option<i64> = ::redis::cmd("PTTL")
                .arg(&key)
                .query_async(&mut conn)
                .await
                .ok();
            let ttl = std::time::Duration::from_millis(
                ttl.filter(|ms| *ms > 0).map_or(1000, |ms| ms as u64),
            );
            let cached = redis_store::CachedToken {
                token,
                ..entry.cached.clone()
            };
            redis_store::swap(&mut conn, &key, &entry, &cached, ttl).await
        }
        .await;
        match result {
            Ok(true) => report.redis_entries += 1,
            Ok(false) => {}
            Err(e) => {
                // An unrotated copy is harmless: once the old key is removed it reads as a miss.
                let _ = ::redis::cmd("DEL")
                    .arg(&key)
                    .query_async::<()>(&mut conn)
                    .await;
                report
                    .failures
                    .push(format!("Redis token of company {company_id}: {e}"));
            }
        }
    }
}
