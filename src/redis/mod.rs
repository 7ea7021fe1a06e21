//! Redis: one multiplexed, reconnecting connection and the naming of every key.

pub mod connection;
pub mod keys;

pub use connection::RedisHandle;
pub use keys::KeySpace;
