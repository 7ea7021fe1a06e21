//! `rotate-keys`: re-encrypts every stored secret (account passwords, every token row, the
//! Redis token copies) under the current key, so the previous keys can then be removed from
//! `ENCRYPT_TOKEN_PREVIOUS_KEYS`. Each row is rewritten by compare-and-set on its old
//! ciphertext, so a value changed meanwhile (new token, new password) is left as written.

use std::collections::BTreeSet;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Serialize;
use thiserror::Error;

use crate::config::Config;
use crate::crypto::{Envelope, Keyring, Purpose};
use crate::db::schema::{crm_auth_tokens as t, crm_dinamize_accounts as a};
use crate::db::{DbError, DbPool};
use crate::redis::RedisHandle;
use crate::tokens::redis_store;
use crate::tokens::service::TOKEN_KEY;

/// Token rows read per query.
const PAGE: i64 = 500;

/// What a rotation did. Ids and counts only, never a secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RotationReport {
    /// The key everything is now sealed with.
    pub key_id: String,
    /// Account passwords re-encrypted.
    pub passwords: usize,
    /// `crm_auth_tokens` rows re-encrypted.
    pub tokens: usize,
    /// Redis token copies re-encrypted.
    pub redis_entries: usize,
    /// Secrets already under the current key.
    pub already_current: usize,
    /// Secrets that could not be opened (e.g. their key is not configured), as `table id: why`.
    pub failures: Vec<String>,
    /// Set when Redis could not be reached (its copies expire or fall back to PostgreSQL).
    pub redis_error: Option<String>,
}

impl RotationReport {
    /// True when every stored secret is now under the current key.
    pub fn is_complete(&self) -> bool {
        self.failures.is_empty() && self.redis_error.is_none()
    }
}

/// Why the rotation could not run at all.
#[derive(Debug, Error)]
pub enum RotateError {
    /// PostgreSQL unreachable or a query failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for RotateError {
    fn from(error: diesel::result::Error) -> Self {
        RotateError::Db(DbError::Query(error))
    }
}

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

async fn rotate_passwords(
    db: &DbPool,
    keyring: &Keyring,
    report: &mut RotationReport,
) -> Result<(), RotateError> {
    let mut conn = db.get().await.map_err(DbError::from)?;
    let rows: Vec<(i64, String)> = a::table
        .select((a::company_id, a::password_encrypted))
        .order(a::company_id)
        .load(&mut conn)
        .await?;
    for (company_id, old) in rows {
        match keyring.reencrypt(company_id, Purpose::Password, &old) {
            Ok(None) => report.already_current += 1,
            Ok(Some(new)) => {
                diesel::update(
                    a::table.filter(
                        a::company_id
                            .eq(company_id)
                            .and(a::password_encrypted.eq(&old)),
                    ),
                )
                .set((
                    a::password_encrypted.eq(new),
                    a::updated_at.eq(diesel::dsl::now),
                ))
                .execute(&mut conn)
                .await?;
                report.passwords += 1;
            }
            Err(e) => report
                .failures
                .push(format!("crm_dinamize_accounts company {company_id}: {e}")),
        }
    }
    Ok(())
}

/// Re-encrypts every token row; returns the companies that have tokens.
async fn rotate_tokens(
    db: &DbPool,
    keyring: &Keyring,
    report: &mut RotationReport,
) -> Result<BTreeSet<i64>, RotateError> {
    let mut conn = db.get().await.map_err(DbError::from)?;
    let mut companies = BTreeSet::new();
    let mut after = 0i64;
    loop {
        let rows: Vec<(i64, i64, String)> = t::table
            .filter(t::id.gt(after))
            .order(t::id)
            .limit(PAGE)
            .select((t::id, t::company_id, t::token_encrypted))
            .load(&mut conn)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        for (id, company_id, old) in rows {
            companies.insert(company_id);
            match keyring.reencrypt(company_id, Purpose::Token, &old) {
                Ok(None) => report.already_current += 1,
                Ok(Some(new)) => {
                    let key_id = Envelope::key_id_of(&new)
                        .unwrap_or(keyring.current_key_id())
                        .to_owned();
                    diesel::update(t::table.filter(t::id.eq(id).and(t::token_encrypted.eq(&old))))
                        .set((t::token_encrypted.eq(new), t::key_id.eq(key_id)))
                        .execute(&mut conn)
                        .await?;
                    report.tokens += 1;
                }
                Err(e) => report.failures.push(format!("crm_auth_tokens {id}: {e}")),
            }
        }
    }
    Ok(companies)
}

async fn rotate_redis(
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
