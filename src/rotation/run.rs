//! `rotate_keys`: the whole rotation, PostgreSQL first (the record), then the Redis copies of
//! the companies that have tokens.

use crate::config::Config;
use crate::redis::RedisHandle;

use super::cached::rotate_redis;
use super::report::{RotateError, RotationReport};
use super::stored::{rotate_passwords, rotate_tokens};

/// Runs the rotation with the configured keyring, database and Redis.
pub async fn rotate_keys(config: &Config) -> Result<RotationReport, RotateError> {
    let keyring = config.crypto.keyring();
    let db = crate::db::connect(&config.database);
    let mut report = RotationReport {
        key_id: keyring.current_key_id().to_owned(),
        ..RotationReport::default()
    };
    rotate_passwords(&db, &keyring, &mut report).await?;
    let companies = rotate_tokens(&db, &keyring, &mut report).await?;
    match RedisHandle::new(&config.redis) {
        Ok(redis) => rotate_redis(&redis, &keyring, &companies, &mut report).await,
        Err(e) => report.redis_error = Some(e.to_string()),
    }
    log::info!(
        "rotate-keys: key {}, {} passwords, {} tokens, {} Redis copies re-encrypted, {} already current, {} failures",
        report.key_id,
        report.passwords,
        report.tokens,
        report.redis_entries,
        report.already_current,
        report.failures.len()
    );
    Ok(report)
}
