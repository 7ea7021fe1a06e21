//! Encryption of stored secrets (Dinamize tokens and passwords): AES-256-GCM with a random
//! 96-bit nonce, the company id and the purpose as associated data, and a versioned text
//! format that names the key, so keys can be rotated.

pub mod envelope;
pub mod error;
pub mod key;
pub mod keyring;

pub use envelope::Envelope;
pub use error::{CryptoError, KeyError};
pub use key::{
    ALGORITHM, DEFAULT_KEY_ID, SecretKey, parse_algorithm, parse_key, parse_previous_keys,
};
pub use keyring::{Keyring, Purpose};
