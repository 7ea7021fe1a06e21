//! The per-company request limit as the rate limiter reads it: the active account's
//! `requests_per_minute`. The limiter asks here instead of reading the table itself, so
//! `crm_dinamize_accounts` has one owner.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::schema::crm_dinamize_accounts as a;
use crate::db::{DbError, DbPool};

/// The company's active account's limit per minute; `None` when it has no active account.
pub async fn active_limit(db: &DbPool, company_id: i64) -> Result<Option<i32>, DbError> {
    let mut conn = db.get().await?;
    let limit = a::table
        .filter(a::company_id.eq(company_id))
        .filter(a::active.eq(true))
        .select(a::requests_per_minute)
        .first::<i32>(&mut conn)
        .await
        .optional()?;
    Ok(limit)
}
