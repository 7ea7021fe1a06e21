//! `crm_auth_tokens`: the record of every token, encrypted (purpose `token`) with its key id.
//! At most one active row per company (a partial unique index); a new token deactivates the
//! old one in the same transaction, under a per-company advisory lock so that two instances
//! storing at once (Redis down) queue instead of colliding on the index.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

use crate::crypto::{Envelope, Keyring};
use crate::db::schema::crm_auth_tokens as t;
use crate::db::{DbError, DbPool};

use super::policy::TokenTimes;

/// Namespace of the advisory lock (high 32 bits), so it cannot meet another module's locks.
const ADVISORY_NAMESPACE: i64 = 0x746f_6b6e; // "tokn"

/// An active token row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = t)]
pub struct StoredToken {
    /// Row id (orders tokens of one company).
    pub id: i64,
    /// `Keyring::encrypt` text.
    pub token_encrypted: String,
    /// When `/auth` returned it.
    pub obtained_at: DateTime<Utc>,
    /// Last use as recorded here (lags the truth by less than the persist interval).
    pub last_used_at: DateTime<Utc>,
}

impl StoredToken {
    /// The times the expiry rules need.
    pub fn times(&self) -> TokenTimes {
        TokenTimes {
            obtained_at: self.obtained_at,
            last_used_at: self.last_used_at,
        }
    }
}

/// The company's active token, if any.
pub async fn active(db: &DbPool, company_id: i64) -> Result<Option<StoredToken>, DbError> {
    let mut conn = db.get().await?;
    let row = t::table
        .filter(t::company_id.eq(company_id).and(t::active))
        .select(StoredToken::as_select())
        .first(&mut conn)
        .await
        .optional()?;
    Ok(row)
}

/// Stores a new active token (deactivating the previous one) and returns its row id.
pub async fn insert(
    db: &DbPool,
    company_id: i64,
    token_encrypted: &str,
    keyring: &Keyring,
    times: TokenTimes,
    expires_at: DateTime<Utc>,
) -> Result<i64, DbError> {
    let key_id = Envelope::key_id_of(token_encrypted)
        .unwrap_or(keyring.current_key_id())
        .to_owned();
    let token_encrypted = token_encrypted.to_owned();
    let mut conn = db.get().await?;
    let id = conn
        .transaction::<i64, diesel::result::Error, _>(async move |conn| {
            diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
                .bind::<diesel::sql_types::BigInt, _>((ADVISORY_NAMESPACE << 32) ^ company_id)
                .execute(conn)
                .await?;
            diesel::update(t::table.filter(t::company_id.eq(company_id).and(t::active)))
                .set(t::active.eq(false))
                .execute(conn)
                .await?;
            diesel::insert_into(t::table)
                .values((
                    t::company_id.eq(company_id),
                    t::token_encrypted.eq(token_encrypted),
                    t::key_id.eq(key_id),
                    t::obtained_at.eq(times.obtained_at),
                    t::last_used_at.eq(times.last_used_at),
                    t::expires_at.eq(expires_at),
                    t::active.eq(true),
                ))
                .returning(t::id)
                .get_result(conn)
                .await
        })
        .await?;
    Ok(id)
}

/// Records a use (never moves `last_used_at` backwards).
pub async fn touch(db: &DbPool, row_id: i64, at: DateTime<Utc>) -> Result<(), DbError> {
    let mut conn = db.get().await?;
    diesel::update(t::table.filter(t::id.eq(row_id).and(t::last_used_at.lt(at))))
        .set(t::last_used_at.eq(at))
        .execute(&mut conn)
        .await?;
    Ok(())
}

/// Deactivates the company's active token; returns the highest row id of the company's tokens
/// (for the Redis tombstone), or `None` when it never had one.
pub async fn deactivate(db: &DbPool, company_id: i64) -> Result<Option<i64>, DbError> {
    let mut conn = db.get().await?;
    diesel::update(t::table.filter(t::company_id.eq(company_id).and(t::active)))
        .set(t::active.eq(false))
        .execute(&mut conn)
        .await?;
    let newest: Option<i64> = t::table
        .filter(t::company_id.eq(company_id))
        .select(diesel::dsl::max(t::id))
        .first(&mut conn)
        .await?;
    Ok(newest)
}
