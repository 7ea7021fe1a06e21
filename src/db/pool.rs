//! The diesel-async connection pool (bb8), with a bounded wait for a connection.

use diesel_async::AsyncPgConnection;
use diesel_async::pooled_connection::AsyncDieselConnectionManager;
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
pub fn connect(config: &DatabaseConfig) -> DbPool {
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(config.url_in_schema());
    bb8::Pool::builder()
        .max_size(config.pool_size)
        .connection_timeout(config.connect_timeout)
        .build_unchecked(manager)
}
