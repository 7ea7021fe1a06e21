//! The caller's role in the chosen company: read from the CRM's user–company table when
//! `CRM_USER_COMPANIES_TABLE` is set (briefly cached), else the token's global `role`.

use std::time::Instant;

use diesel::sql_types::Text;
use diesel::{QueryableByName, sql_query};
use diesel_async::RunQueryDsl;

use super::role_cache::{Membership, RoleCache};
use super::{Claims, Role};
use crate::config::{RolesConfig, UserCompaniesTable};
use crate::db::admin::quote;
use crate::db::{DbError, DbPool};

/// Where roles come from, with its cache.
#[derive(Debug)]
pub struct RoleSource {
    table: Option<UserCompaniesTable>,
    cache: RoleCache,
}

#[derive(QueryableByName)]
struct RoleRow {
    #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
    role: Option<String>,
}

impl RoleSource {
    /// From the configuration.
    pub fn new(config: &RolesConfig) -> Self {
        Self {
            table: config.table.clone(),
            cache: RoleCache::new(config.cache_ttl),
        }
    }

    /// The caller's membership of `company`.
    pub async fn membership(
        &self,
        db: &DbPool,
        claims: &Claims,
        company: i64,
        now: Instant,
    ) -> Result<Membership, DbError> {
        let Some(table) = &self.table else {
            return Ok(Membership::Member(claims.role.unwrap_or(Role::User)));
        };
        let user = claims.sub.to_string();
        if let Some(known) = self.cache.get(&user, company, now) {
            return Ok(known);
        }
        let membership = read(db, table, &user, company).await?;
        self.cache.put(&user, company, membership, now);
        Ok(membership)
    }
}

/// One query; ids compared as text so the CRM's column types (int, bigint, text) all work.
async fn read(
    db: &DbPool,
    table: &UserCompaniesTable,
    user: &str,
    company: i64,
) -> Result<Membership, DbError> {
    let sql = format!(
        "SELECT {role}::text AS role FROM {schema}.{table} \
         WHERE {user}::text = $1 AND {company}::text = $2 LIMIT 1",
        role = quote(&table.role_column),
        schema = quote(&table.schema),
        table = quote(&table.table),
        user = quote(&table.user_column),
        company = quote(&table.company_column),
    );
    let mut conn = db.get().await?;
    let rows: Vec<RoleRow> = sql_query(sql)
        .bind::<Text, _>(user)
        .bind::<Text, _>(company.to_string())
        .load(&mut conn)
        .await?;
    Ok(match rows.into_iter().next() {
        None => Membership::NotMember,
        Some(row) => Membership::Member(role_named(row.role.as_deref(), user, company)),
    })
}

/// A role the service does not know grants no more than `USER`.
fn role_named(raw: Option<&str>, user: &str, company: i64) -> Role {
    raw.and_then(|r| r.parse().ok()).unwrap_or_else(|| {
        log::warn!("user {user} in company {company}: unknown role {raw:?}, treated as USER");
        Role::User
    })
}
