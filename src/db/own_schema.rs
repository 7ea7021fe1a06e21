//! The service's own PostgreSQL schema (`DATABASE_SCHEMA`), so that it can share the CRM's
//! database without touching the CRM's tables (some of which have the same names): created
//! before the migrations run in it, and, after them, every function of the schema pinned to
//! it, because a trigger function runs with the search path of whoever writes (the CRM too).

use diesel::sql_types::Text;
use diesel::{QueryableByName, RunQueryDsl, sql_query};

use super::admin::quote;
use super::migrations::SyncPg;

#[derive(QueryableByName)]
struct Function {
    /// `name(argument types)`, as `ALTER FUNCTION` takes it.
    #[diesel(sql_type = Text)]
    signature: String,
}

/// `CREATE SCHEMA IF NOT EXISTS schema`.
pub fn create(conn: &mut SyncPg, schema: &str) -> diesel::QueryResult<()> {
    sql_query(format!("CREATE SCHEMA IF NOT EXISTS {}", quote(schema))).execute(conn)?;
    Ok(())
}

/// Sets `search_path` to `schema` on every function defined in `schema`.
pub fn pin_functions(conn: &mut SyncPg, schema: &str) -> diesel::QueryResult<()> {
    let functions: Vec<Function> = sql_query(
        "SELECT format('%I(%s)', p.proname, pg_get_function_identity_arguments(p.oid)) \
         AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE n.nspname = $1 AND p.prokind = 'f'",
    )
    .bind::<Text, _>(schema)
    .load(conn)?;
    for function in functions {
        sql_query(format!(
            "ALTER FUNCTION {}.{} SET search_path = {}",
            quote(schema),
            function.signature,
            quote(schema)
        ))
        .execute(conn)?;
    }
    Ok(())
}
