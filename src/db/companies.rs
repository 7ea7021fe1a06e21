//! Companies: the default company a fresh installation starts with, and companies the CRM
//! names (by id) before this database has seen them.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::schema::crm_companies;
use super::{DbError, DbPool};

/// The id of the company `serve` creates on an empty database.
pub const DEFAULT_COMPANY_ID: i64 = 1;

/// Creates company `company_id` named `name` when it does not exist; an existing one (the
/// CRM's own row) is left as it is.
pub async fn ensure(pool: &DbPool, company_id: i64, name: &str) -> Result<(), DbError> {
    let mut conn = pool.get().await?;
    diesel::insert_into(crm_companies::table)
        .values((
            crm_companies::id.eq(company_id),
            crm_companies::name.eq(name),
        ))
        .on_conflict(crm_companies::id)
        .do_nothing()
        .execute(&mut conn)
        .await?;
    // Keep the id sequence ahead of explicit ids so later inserts do not collide.
    diesel::sql_query(
        "SELECT setval('crm_companies_id_seq', GREATEST((SELECT MAX(id) FROM crm_companies), 1))",
    )
    .execute(&mut conn)
    .await?;
    Ok(())
}

/// Creates company 1 ("Default company") when it does not exist.
pub async fn ensure_default(pool: &DbPool) -> Result<(), DbError> {
    ensure(pool, DEFAULT_COMPANY_ID, "Default company").await
}
