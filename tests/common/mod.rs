//! The test harness every integration test binary uses: real PostgreSQL and Redis, one
//! database per test (cloned from a migrated template) and one Redis key prefix per test, so
//! tests run in parallel; `spawn_app()` starts the whole service on port 0.
#![allow(dead_code, unused_imports)]

mod api;
mod app;
mod context;
mod own_postgres;
mod own_redis;
mod template;

pub use api::error_fields;
pub use app::{TestApp, spawn_app, spawn_app_with};
pub use context::TestContext;
pub use own_postgres::OwnPostgres;
pub use own_redis::{OwnRedis, free_port};
pub use template::admin_url;
