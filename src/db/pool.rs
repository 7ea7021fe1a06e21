//! The diesel-async connection pool (bb8), with a bounded wait for a connection.

use diesel_async::AsyncPgConnection;
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, PoolableConnection, RecyclingMethod,
};
use futures_util::FutureExt;
use thiserror::Error;

use crate::config::DatabaseConfig;

/// The pool every query goes through.
pub type DbPool = diesel_async::pooled_connection::bb8::Pool<AsyncPgConnection>;

/// A pooled connection.
pub type DbConnection<'a> =
    bb8::PooledConnection<'a, AsyncDieselConnectionManager<AsyncPgConnection>>;

/// What can go wrong talking to PostgreSQL.
#[derive(Debug, Error)]
pub enum DbError {
    /// No connection could be had within the configured timeout.
    #[error("no PostgreSQL connection: {0}")]
    Pool(String),
    /// A query failed.
    #[error("PostgreSQL query failed: {0}")]
    Query(#[from] diesel::result::Error),
    /// Migrations failed.
    #[error("migrations failed: {0}")]
    Migration(String),
}

impl<E: std::error::Error + 'static> From<bb8::RunError<E>> for DbError {
    fn from(error: bb8::RunError<E>) -> Self {
        DbError::Pool(error.to_string())
    }
}

/// Builds the pool without connecting yet; the first query (or `/ready`) connects. Every
/// connection's `search_path` is the service's own schema.
///
/// A connection handed out is checked without a round trip: its socket still open and no
/// transaction left broken (`checked_locally`). The default check, a `SELECT 1` on every
/// checkout, was three round trips per job (60 601 of them in one `bench fleet` run,
/// `pg_stat_statements`). A connection whose server went away (a PostgreSQL restart closes
/// every socket) is still dropped at checkout; one that breaks while in use fails that one
/// query, which every caller already handles.
pub fn connect(config: &DatabaseConfig) -> DbPool {
    let mut manager_config = ManagerConfig::default();
    manager_config.recycling_method = RecyclingMethod::CustomFunction(Box::new(checked_locally));
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(
        config.url_in_schema(),
        manager_config,
    );
    bb8::Pool::builder()
        .max_size(config.pool_size)
        .connection_timeout(config.connect_timeout)
        .build_unchecked(manager)
}

/// Whether a pooled connection is still usable, judged without asking the server.
fn checked_locally(
    conn: &mut AsyncPgConnection,
) -> futures_util::future::BoxFuture<'_, diesel::QueryResult<()>> {
    let usable = if conn.is_broken() {
        Err(diesel::result::Error::BrokenTransactionManager)
    } else {
        Ok(())
    };
    std::future::ready(usable).boxed()
}
