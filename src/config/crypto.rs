//! `ENCRYPT_TOKEN_*`: the key that encrypts tokens and passwords at rest, its id, and the
//! previous keys kept for decryption after a rotation.

use super::{ConfigError, Env, Secret};
use crate::crypto::{self, KeyError, Keyring, SecretKey};

/// The only algorithm accepted by `ENCRYPT_TOKEN_ALGORITHM`.
pub const ALGORITHM: &str = crypto::ALGORITHM;

/// A key for development runs with the embedded simulator only; a real deployment must set
/// `ENCRYPT_TOKEN_KEY` (start-up refuses to run against a real Dinamize without it).
const DEVELOPMENT_KEY: &[u8; 32] = b"dev-only-key-never-in-production";

/// A previous key: its id and its bytes.
pub type PreviousKey = (String, Secret<[u8; 32]>);

/// Encryption at rest.
#[derive(Debug, Clone)]
pub struct CryptoConfig {
    /// `ENCRYPT_TOKEN_KEY`: 32 bytes, raw or base64. Required when `DINAMIZE_API_BASE_URL` is set.
    pub key: Secret<[u8; 32]>,
    /// `ENCRYPT_TOKEN_KEY_ID` (default `k1`): the id stored beside each ciphertext
    /// (1-32 characters of `A-Za-z0-9_-`).
    pub key_id: String,
    /// `ENCRYPT_TOKEN_PREVIOUS_KEYS` (default empty): `id:key,id:key`, keys that still decrypt
    /// what was stored before a rotation (`rotate-keys` re-encrypts it under the current key).
    pub previous_keys: Vec<PreviousKey>,
    /// True when the development key is in use (no `ENCRYPT_TOKEN_KEY`, embedded simulator).
    pub development_key: bool,
}

impl CryptoConfig {
    pub(super) fn from_env(env: &Env, embedded: bool) -> Result<Self, ConfigError> {
        let algorithm = env.string("ENCRYPT_TOKEN_ALGORITHM", ALGORITHM);
        if crypto::parse_algorithm("ENCRYPT_TOKEN_ALGORITHM", &algorithm).is_err() {
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
        let key_id = env.string("ENCRYPT_TOKEN_KEY_ID", crypto::DEFAULT_KEY_ID);
        let key_id = crypto::key::parse_key_id("ENCRYPT_TOKEN_KEY_ID", &key_id).map_err(|_| {
            ConfigError::invalid(
                "ENCRYPT_TOKEN_KEY_ID",
                "1-32 characters of A-Z, a-z, 0-9, '_' or '-'",
                &key_id,
            )
        })?;
        let previous_keys = previous_keys(env, &key_id)?;
        Ok(Self {
            key: Secret::new(key),
            key_id,
            previous_keys,
            development_key,
        })
    }

    /// The keyring: the current key encrypts, the previous ones only decrypt.
    pub fn keyring(&self) -> Keyring {
        let previous = self
            .previous_keys
            .iter()
            .map(|(id, key)| (id.clone(), SecretKey::from_bytes(*key.expose())))
            .collect();
        Keyring::new(
            self.key_id.clone(),
            SecretKey::from_bytes(*self.key.expose()),
            previous,
        )
        .expect("key ids were checked to be distinct when the configuration was read")
    }
}

fn previous_keys(env: &Env, current_id: &str) -> Result<Vec<PreviousKey>, ConfigError> {
    const VAR: &str = "ENCRYPT_TOKEN_PREVIOUS_KEYS";
    let raw = env.optional(VAR).unwrap_or_default();
    let keys = crypto::parse_previous_keys(VAR, &raw).map_err(|e| match e {
        KeyError::DuplicateId { id, .. } => ConfigError::invalid(VAR, "distinct key ids", &id),
        KeyError::BadKeyId { .. } => ConfigError::secret(
            VAR,
            "key ids of 1-32 characters of A-Z, a-z, 0-9, '_' or '-'",
        ),
        _ => ConfigError::secret(VAR, "`id:key,id:key` with keys of 32 bytes, raw or base64"),
    })?;
    if keys.iter().any(|(id, _)| id == current_id) {
        return Err(ConfigError::invalid(
            VAR,
            "ids other than ENCRYPT_TOKEN_KEY_ID",
            current_id,
        ));
    }
    Ok(keys
        .into_iter()
        .map(|(id, key)| (id, Secret::new(*key.expose())))
        .collect())
}

/// A key given as exactly 32 raw bytes, or as base64 (standard or URL-safe, padded or not) of
/// 32 bytes. The error never echoes it.
pub fn parse_key(var: &str, raw: &str) -> Result<[u8; 32], ConfigError> {
    crypto::parse_key(var, raw)
        .map(|key| *key.expose())
        .map_err(|_| {
            ConfigError::secret(
                var,
                &format!(
                    "32 bytes, raw or base64 (the value has {} bytes)",
                    raw.len()
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;

    fn config(pairs: &[(&str, &str)]) -> Result<CryptoConfig, ConfigError> {
        CryptoConfig::from_env(&Env::from_pairs(pairs.iter().copied()), true)
    }

    #[test]
    fn previous_keys_join_the_keyring_for_decryption() {
        let old = STANDARD.encode([1u8; 32]);
        let old_ring = config(&[
            ("ENCRYPT_TOKEN_KEY", old.as_str()),
            ("ENCRYPT_TOKEN_KEY_ID", "k1"),
        ])
        .unwrap()
        .keyring();
        let text = old_ring
            .encrypt(3, crypto::Purpose::Password, "pw")
            .unwrap();
        let previous = format!("k1:{old}");
        let new = config(&[
            ("ENCRYPT_TOKEN_KEY", "0123456789abcdef0123456789abcdef"),
            ("ENCRYPT_TOKEN_KEY_ID", "k2"),
            ("ENCRYPT_TOKEN_PREVIOUS_KEYS", previous.as_str()),
        ])
        .unwrap();
        assert_eq!(new.keyring().current_key_id(), "k2");
        assert_eq!(
            new.keyring()
                .decrypt(3, crypto::Purpose::Password, &text)
                .unwrap(),
            "pw"
        );
    }

    #[test]
    fn a_bad_previous_key_is_refused_without_echoing_it() {
        let error = config(&[("ENCRYPT_TOKEN_PREVIOUS_KEYS", "k0:not-a-key-secret")])
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("ENCRYPT_TOKEN_PREVIOUS_KEYS:"), "{error}");
        assert!(!error.contains("not-a-key-secret"), "{error}");
    }

    #[test]
    fn a_previous_key_reusing_the_current_id_is_refused() {
        let old = format!("k1:{}", STANDARD.encode([1u8; 32]));
        let error = config(&[("ENCRYPT_TOKEN_PREVIOUS_KEYS", old.as_str())])
            .unwrap_err()
            .to_string();
        assert!(error.contains("k1"), "{error}");
    }

    #[test]
    fn a_key_id_with_a_colon_is_refused() {
        let error = config(&[("ENCRYPT_TOKEN_KEY_ID", "a:b")])
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("ENCRYPT_TOKEN_KEY_ID:"), "{error}");
    }
}
