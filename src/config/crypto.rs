//! `ENCRYPT_TOKEN_*`: the key that encrypts tokens and passwords at rest.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::{ConfigError, Env, Secret};

/// The only algorithm accepted by `ENCRYPT_TOKEN_ALGORITHM`.
pub const ALGORITHM: &str = "AES-256-GCM";

/// A key for development runs with the embedded simulator only; a real deployment must set
/// `ENCRYPT_TOKEN_KEY` (start-up refuses to run against a real Dinamize without it).
const DEVELOPMENT_KEY: &[u8; 32] = b"dev-only-key-never-in-production";

/// Encryption at rest.
#[derive(Debug, Clone)]
pub struct CryptoConfig {
    /// `ENCRYPT_TOKEN_KEY`: 32 bytes, raw or base64. Required when `DINAMIZE_API_BASE_URL` is set.
    pub key: Secret<[u8; 32]>,
    /// `ENCRYPT_TOKEN_KEY_ID` (default `k1`): the id stored beside each ciphertext.
    pub key_id: String,
    /// True when the development key is in use (no `ENCRYPT_TOKEN_KEY`, embedded simulator).
    pub development_key: bool,
}

impl CryptoConfig {
    pub(super) fn from_env(env: &Env, embedded: bool) -> Result<Self, ConfigError> {
        let algorithm = env.string("ENCRYPT_TOKEN_ALGORITHM", ALGORITHM);
        if !algorithm.eq_ignore_ascii_case(ALGORITHM) {
            return Err(ConfigError::invalid(
                "ENCRYPT_TOKEN_ALGORITHM",
                ALGORITHM,
                &algorithm,
            ));
        }
        let (key, development_key) = match env.optional("ENCRYPT_TOKEN_KEY") {
            Some(raw) => (parse_key("ENCRYPT_TOKEN_KEY", &raw)?, false),
            None if embedded => (*DEVELOPMENT_KEY, true),
            None => {
                return Err(ConfigError::secret(
                    "ENCRYPT_TOKEN_KEY",
                    "a 32-byte key (raw or base64); required when DINAMIZE_API_BASE_URL is set",
                ));
            }
        };
        Ok(Self {
            key: Secret::new(key),
            key_id: env.string("ENCRYPT_TOKEN_KEY_ID", "k1"),
            development_key,
        })
    }
}

/// A key given as exactly 32 raw bytes, or as base64 of 32 bytes. The error never echoes it.
pub fn parse_key(var: &str, raw: &str) -> Result<[u8; 32], ConfigError> {
    if let Ok(key) = <[u8; 32]>::try_from(raw.as_bytes()) {
        return Ok(key);
    }
    if let Ok(decoded) = STANDARD.decode(raw)
        && let Ok(key) = <[u8; 32]>::try_from(decoded.as_slice())
    {
        return Ok(key);
    }
    Err(ConfigError::secret(
        var,
        &format!(
            "32 bytes, raw or base64 (the value has {} bytes)",
            raw.len()
        ),
    ))
}
