//! The migrations of `migrations/`, embedded in the binary.
//!
//! Diesel's migration harness is synchronous, so it runs on a plain OS thread with its own
//! runtime (the async wrapper panics on actix's single-threaded runtime), under a PostgreSQL
//! advisory lock so that several processes migrating one database at once take turns.

use diesel::Connection;
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::DbError;

/// Every migration of the crate.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The advisory lock key that serialises migrations ("dsyncmig" in ASCII).
const MIGRATION_LOCK: i64 = 0x6473_796e_636d_6967;

type SyncPg = AsyncConnectionWrapper<AsyncPgConnection>;

/// Applies every pending migration; returns the versions applied.
pub async fn run_pending(url: &str) -> Result<Vec<String>, DbError> {
    on_own_thread(url, |conn| {
        conn.run_pending_migrations(MIGRATIONS)
            .map(|done| done.iter().map(|v| v.to_string()).collect())
    })
    .await
}

/// Reverts every applied migration (tests of the down scripts).
pub async fn revert_all(url: &str) -> Result<Vec<String>, DbError> {
    on_own_thread(url, |conn| {
        conn.revert_all_migrations(MIGRATIONS)
            .map(|done| done.iter().map(|v| v.to_string()).collect())
    })
    .await
}

type HarnessResult = diesel::migration::Result<Vec<String>>;

async fn on_own_thread<F>(url: &str, work: F) -> Result<Vec<String>, DbError>
where
    F: FnOnce(&mut SyncPg) -> HarnessResult + Send + 'static,
{
    let url = url.to_string();
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = tx.send(locked(&url, work));
    });
    rx.await
        .map_err(|_| DbError::Migration("the migration thread panicked".into()))?
}

fn locked<F>(url: &str, work: F) -> Result<Vec<String>, DbError>
where
    F: FnOnce(&mut SyncPg) -> HarnessResult,
{
    let mut conn = SyncPg::establish(url).map_err(|e| DbError::Migration(e.to_string()))?;
    let lock = |conn: &mut SyncPg, sql: &str| {
        diesel::RunQueryDsl::execute(diesel::sql_query(format!("{sql}({MIGRATION_LOCK})")), conn)
    };
    lock(&mut conn, "SELECT pg_advisory_lock")?;
    let result = work(&mut conn).map_err(|e| DbError::Migration(e.to_string()));
    lock(&mut conn, "SELECT pg_advisory_unlock")?;
    result
}
