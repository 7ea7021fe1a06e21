//! Typed configuration read once from the environment (and `.env`), failing fast.

mod alerts;
pub mod bounds;
mod crypto;
mod database;
mod dinamize;
mod env;
mod error;
mod http;
mod ident;
mod jwt;
mod limiter;
mod load;
mod redis;
mod roles;
mod secret;
mod sync;

pub use alerts::AlertsConfig;
pub use crypto::{ALGORITHM, CryptoConfig, parse_key};
pub use database::{DEFAULT_DATABASE_URL, DEFAULT_SCHEMA, DatabaseConfig, with_search_path};
pub use dinamize::DinamizeConfig;
pub use env::Env;
pub use error::ConfigError;
pub use http::HttpConfig;
pub use ident::identifier;
pub use jwt::JwtConfig;
pub use limiter::LimiterConfig;
pub use load::Config;
pub use redis::RedisConfig;
pub use roles::{RolesConfig, UserCompaniesTable};
pub use secret::Secret;
pub use sync::{ImportConfig, RetentionConfig, SyncConfig};
