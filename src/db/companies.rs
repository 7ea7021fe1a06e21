//! Companies: the default company a fresh installation starts with.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::schema::crm_companies;
use super::{DbError, DbPool};

/// The id of the company `serve` creates on an empty database.
pub const DEFAULT_COMPANY_ID: i64 = 1;

/// Creates company 1 ("Default company") when it does not exist; the CRM's own companies are
/// left as they are.
pub async fn ensure_default(pool: &DbPool) -> Result<(), DbError> {
    let mut conn = pool.get().await?;
    diesel::insert_into(crm_companies::table)
        .values((
            crm_companies::id.eq(DEFAULT_COMPANY_ID),
            crm_companies::name.eq("Default company"),
        ))
        .on_conflict(crm_companies::id)
        .do_nothing()
        .execute(&mut conn)
        .await?;
    // Keep the id sequence ahead of the explicit id so later inserts do not collide.
    diesel::sql_query(
        "SELECT setval('crm_companies_id_seq', GREATEST((SELECT MAX(id) FROM crm_companies), 1))",
    )
    .execute(&mut conn)
    .await?;
    Ok(())
}
