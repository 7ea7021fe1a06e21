//! Reading and writing `crm_dinamize_accounts`. The password column only ever holds
//! `Keyring::encrypt` text; the plaintext exists only in [`Credentials`] (redacted `Debug`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

use thiserror::Error;

use super::FieldMapping;
use crate::config::Secret;
use crate::crypto::{CryptoError, Keyring, Purpose};
use crate::db::schema::{crm_auth_tokens, crm_dinamize_accounts as a};
use crate::db::{DbError, DbPool};

/// Setting credentials failed.
#[derive(Debug, Error)]
pub enum AccountError {
    /// PostgreSQL refused or was unreachable.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The password could not be encrypted.
    #[error("cannot encrypt the password: {0}")]
    Crypto(#[from] CryptoError),
}

impl From<diesel::result::Error> for AccountError {
    fn from(error: diesel::result::Error) -> Self {
        AccountError::Db(DbError::Query(error))
    }
}

/// A company's account as stored (password still encrypted).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = a)]
pub struct Account {
    /// Owning company.
    pub company_id: i64,
    /// Dinamize API user.
    pub api_user: String,
    /// `Keyring::encrypt` text of the password (purpose `password`).
    pub password_encrypted: String,
    /// Dinamize client code.
    pub client_code: String,
    /// Contact list leads go to, when set.
    pub default_list_code: Option<String>,
    /// The account's own request limit per minute.
    pub requests_per_minute: i32,
    /// Whether the account may be used.
    pub active: bool,
    /// Why Dinamize refused the credentials, until they change.
    pub misconfigured_reason: Option<String>,
    /// Lead field → Dinamize custom field (`{"phone": "cmp4"}`); only checked mappings are
    /// written (read it with `FieldMapping::from_stored`).
    pub field_mapping: serde_json::Value,
}

/// New credentials for a company (from the admin API or the start-up seed).
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Dinamize API user.
    pub api_user: String,
    /// Plaintext password; encrypted before it reaches the database.
    pub password: Secret<String>,
    /// Dinamize client code.
    pub client_code: String,
    /// Contact list code; `None` keeps the stored one.
    pub default_list_code: Option<String>,
    /// Request limit per minute; `None` keeps the stored one (60 for a new account).
    pub requests_per_minute: Option<i32>,
}

/// Settings of an account that are not credentials: changing them needs no password and
/// keeps the company's token. `None` keeps the stored value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountSettings {
    /// Contact list leads go to.
    pub default_list_code: Option<String>,
    /// Request limit per minute.
    pub requests_per_minute: Option<i32>,
    /// Replaces the whole field mapping.
    pub field_mapping: Option<FieldMapping>,
}

impl AccountSettings {
    /// True when nothing would change.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// An account `/ready` reports.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MisconfiguredAccount {
    /// The company.
    pub company_id: i64,
    /// Why (no secret in it).
    pub reason: String,
    /// Since when.
    pub since: Option<DateTime<Utc>>,
}

/// The company's account, if it has one.
pub async fn load(db: &DbPool, company_id: i64) -> Result<Option<Account>, DbError> {
    let mut conn = db.get().await?;
    let account = a::table
        .filter(a::company_id.eq(company_id))
        .select(Account::as_select())
        .first(&mut conn)
        .await
        .optional()?;
    Ok(account)
}

/// Why the company's account is misconfigured, or `None` (also when it has no account).
pub async fn misconfigured_reason(db: &DbPool, company_id: i64) -> Result<Option<String>, DbError> {
    let mut conn = db.get().await?;
    let reason: Option<Option<String>> = a::table
        .filter(a::company_id.eq(company_id))
        .select(a::misconfigured_reason)
        .first(&mut conn)
        .await
        .optional()?;
    Ok(reason.flatten())
}

/// Marks the account misconfigured: `GetToken` fails fast until the credentials change.
pub async fn mark_misconfigured(db: &DbPool, company_id: i64, reason: &str) -> Result<(), DbError> {
    let mut conn = db.get().await?;
    diesel::update(a::table.filter(a::company_id.eq(company_id)))
        .set((
            a::misconfigured_at.eq(diesel::dsl::now),
            a::misconfigured_reason.eq(reason),
        ))
        .execute(&mut conn)
        .await?;
    Ok(())
}

/// Every active account marked misconfigured, by company id (for `/ready`).
pub async fn list_misconfigured(db: &DbPool) -> Result<Vec<MisconfiguredAccount>, DbError> {
    let mut conn = db.get().await?;
    let rows: Vec<(i64, Option<String>, Option<DateTime<Utc>>)> = a::table
        .filter(a::misconfigured_reason.is_not_null().and(a::active))
        .order(a::company_id)
        .select((a::company_id, a::misconfigured_reason, a::misconfigured_at))
        .load(&mut conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(company_id, reason, since)| MisconfiguredAccount {
            company_id,
            reason: reason.unwrap_or_default(),
            since,
        })
        .collect())
}

/// Creates or replaces the company's credentials (password encrypted), clears the
/// misconfigured mark and deactivates the company's stored token, in one transaction.
/// Afterwards send `Invalidate { company_id }` to the `TokenActor` so the Redis copy goes too.
pub async fn set_credentials(
    db: &DbPool,
    keyring: &Keyring,
    company_id: i64,
    credentials: &Credentials,
) -> Result<(), AccountError> {
    let encrypted =
        keyring.encrypt(company_id, Purpose::Password, credentials.password.expose())?;
    let credentials = credentials.clone();
    let mut conn = db.get().await.map_err(DbError::from)?;
    conn.transaction::<(), diesel::result::Error, _>(async move |conn| {
        diesel::insert_into(a::table)
            .values((
                a::company_id.eq(company_id),
                a::api_user.eq(&credentials.api_user),
                a::password_encrypted.eq(&encrypted),
                a::client_code.eq(&credentials.client_code),
                a::default_list_code.eq(&credentials.default_list_code),
                a::requests_per_minute.eq(credentials.requests_per_minute.unwrap_or(60)),
            ))
            .on_conflict(a::company_id)
            .do_update()
            .set((
                a::api_user.eq(&credentials.api_user),
                a::password_encrypted.eq(&encrypted),
                a::client_code.eq(&credentials.client_code),
                a::misconfigured_at.eq(None::<DateTime<Utc>>),
                a::misconfigured_reason.eq(None::<String>),
                a::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)
            .await?;
        keep_or_set_optional(conn, company_id, &credentials).await?;
        diesel::update(
            crm_auth_tokens::table.filter(
                crm_auth_tokens::company_id
                    .eq(company_id)
                    .and(crm_auth_tokens::active),
            ),
        )
        .set(crm_auth_tokens::active.eq(false))
        .execute(conn)
        .await?;
        Ok(())
    })
    .await?;
    Ok(())
}

/// Applies the optional fields only when given (an upsert cannot express "keep").
async fn keep_or_set_optional(
    conn: &mut diesel_async::AsyncPgConnection,
    company_id: i64,
    credentials: &Credentials,
) -> Result<(), diesel::result::Error> {
    let target = a::table.filter(a::company_id.eq(company_id));
    if let Some(list) = &credentials.default_list_code {
        diesel::update(target)
            .set(a::default_list_code.eq(list))
            .execute(conn)
            .await?;
    }
    if let Some(limit) = credentials.requests_per_minute {
        diesel::update(target)
            .set(a::requests_per_minute.eq(limit))
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Applies the given settings to the company's existing account, in one statement; `false`
/// when the company has no account (settings alone cannot create one: it needs credentials).
pub async fn update_settings(
    db: &DbPool,
    company_id: i64,
    settings: &AccountSettings,
) -> Result<bool, DbError> {
    let mut conn = db.get().await?;
    let changes = SettingsChanges {
        default_list_code: settings.default_list_code.clone(),
        requests_per_minute: settings.requests_per_minute,
        field_mapping: settings.field_mapping.as_ref().map(FieldMapping::to_json),
    };
    let changed = diesel::update(a::table.filter(a::company_id.eq(company_id)))
        .set((changes, a::updated_at.eq(diesel::dsl::now)))
        .execute(&mut conn)
        .await?;
    Ok(changed > 0)
}

/// [`AccountSettings`] as columns (`None` is left out of the `SET`).
#[derive(AsChangeset)]
#[diesel(table_name = a)]
struct SettingsChanges {
    default_list_code: Option<String>,
    requests_per_minute: Option<i32>,
    field_mapping: Option<serde_json::Value>,
}
