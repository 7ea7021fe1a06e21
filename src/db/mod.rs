//! PostgreSQL: schema, pool, embedded migrations and database administration.

pub mod admin;
pub mod cached_sql;
pub mod companies;
pub mod deadlock;
pub mod lenient_json;
pub mod migrations;
pub mod own_schema;
pub mod pool;
pub mod schema;

pub use pool::{DbError, DbPool, connect};
