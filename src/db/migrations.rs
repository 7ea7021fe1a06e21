//! The migrations of `migrations/`, embedded in the binary.
//!
//! Diesel's migration harness is synchronous, so it runs on a plain OS thread with its own
//! runtime (the async wrapper panics on actix's single-threaded runtime), under a PostgreSQL
//! advisory lock so that several processes migrating one database at once take turns. It runs
//! in the service's own schema: created first, then the search path of the connection, so the
//! unqualified names of `migrations/` (and diesel's `__diesel_schema_migrations`) land there.

use diesel::Connection;
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::{DbError, own_schema};
use crate::config::with_search_path;

/// Every migration of the crate.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The advisory lock key that serialises migrations ("dsyncmig" in ASCII).
const MIGRATION_LOCK: i64 = 0x6473_796e_636d_6967;

/// The synchronous connection diesel's harness needs.
pub type SyncPg = AsyncConnectionWrapper<AsyncPgConnection>;

/// Creates `schema` when missing and applies every pending migration in it, then pins the
/// schema's functions to it; returns the versions applied. `url` is the database's URL.
pub async fn run_pending(url: &str, schema: &str) -> Result<Vec<String>, DbError> {
    let owned = schema.to_string();
    on_own_thread(url, schema, move |conn| {
        let applied: Vec<String> = conn
            .run_pending_migrations(MIGRATIONS)?
            .iter()
            .map(|v| v.to_string())
            .collect();
        own_schema::pin_functions(conn, &owned)?;
        Ok(applied)
    })
    .await
}

/// Reverts every migration applied in `schema` (tests of the down scripts).
pub async fn revert_all(url: &str, schema: &str) -> Result<Vec<String>, DbError> {
    on_own_thread(url, schema, |conn| {
        conn.revert_all_migrations(MIGRATIONS)
            .map(|done| done.iter().map(|v| v.to_string()).collect())
    })
    .await
}

type HarnessResult = diesel::migration::Result<Vec<String>>;

async fn on_own_thread<F>(url: &str, schema: &str, work: F) -> Result<Vec<String>, DbError>
where
    F: FnOnce(&mut SyncPg) -> HarnessResult + Send + 'static,
{
    let (url, schema) = (with_search_path(url, schema), schema.to_string());
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = tx.send(locked(&url, &schema, work));
    });
    rx.await
        .map_err(|_| DbError::Migration("the migration thread panicked".into()))?
}

fn locked<F>(url: &str, schema: &str, work: F) -> Result<Vec<String>, DbError>
where
    F: FnOnce(&mut SyncPg) -> HarnessResult,
{
    let mut conn = SyncPg::establish(url).map_err(|e| DbError::Migration(e.to_string()))?;
    let lock = |conn: &mut SyncPg, sql: &str| {
        diesel::RunQueryDsl::execute(diesel::sql_query(format!("{sql}({MIGRATION_LOCK})")), conn)
    };
    lock(&mut conn, "SELECT pg_advisory_lock")?;
    let result = own_schema::create(&mut conn, schema)
        .map_err(|e| DbError::Migration(e.to_string()))
        .and_then(|()| work(&mut conn).map_err(|e| DbError::Migration(e.to_string())));
    lock(&mut conn, "SELECT pg_advisory_unlock")?;
    result
}
