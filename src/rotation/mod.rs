//! Key rotation (`rotate-keys`): re-encrypts every stored secret (account passwords, every token
//! row, the Redis token copies) under the current key, so the previous keys can then be removed
//! from `ENCRYPT_TOKEN_PREVIOUS_KEYS`. It sits above `crypto` (the keyring), `accounts` and
//! `tokens` (the rows and copies it rewrites); none of them imports it.

mod cached;
mod report;
mod run;
mod stored;

pub use report::{RotateError, RotationReport};
pub use run::rotate_keys;
