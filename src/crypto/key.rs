//! Key material and the parsing of the key settings: `ENCRYPT_TOKEN_KEY` (32 raw bytes or the
//! base64 of 32 bytes), `ENCRYPT_TOKEN_KEY_ID`, `ENCRYPT_TOKEN_PREVIOUS_KEYS` (`id:key,id:key`)
//! and `ENCRYPT_TOKEN_ALGORITHM`. Errors name the variable and never echo the value.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

use super::error::KeyError;

/// The only algorithm accepted in `ENCRYPT_TOKEN_ALGORITHM`.
pub const ALGORITHM: &str = "AES-256-GCM";
/// Key id used when `ENCRYPT_TOKEN_KEY_ID` is not set.
pub const DEFAULT_KEY_ID: &str = "k1";
/// Length of an AES-256 key in bytes.
pub const KEY_LEN: usize = 32;
/// Longest accepted key id (ids are stored beside every ciphertext).
const MAX_KEY_ID_LEN: usize = 32;

/// 32 bytes of AES-256 key. `Debug` prints `[redacted]`; there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey([u8; KEY_LEN]);

impl SecretKey {
    /// Wraps raw key bytes.
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    /// The raw key bytes, for building the cipher.
    pub fn expose(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Parses a key: exactly 32 raw bytes, or base64 (standard or URL-safe, padded or not) that
/// decodes to exactly 32 bytes. `var` names the variable in the error.
pub fn parse_key(var: &str, value: &str) -> Result<SecretKey, KeyError> {
    if let Ok(raw) = <[u8; KEY_LEN]>::try_from(value.as_bytes()) {
        return Ok(SecretKey(raw));
    }
    let text = value.trim();
    for engine in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
        if let Ok(bytes) = engine.decode(text)
            && let Ok(raw) = <[u8; KEY_LEN]>::try_from(bytes.as_slice())
        {
            return Ok(SecretKey(raw));
        }
    }
    Err(KeyError::BadKey {
        var: var.to_owned(),
        len: value.chars().count(),
    })
}

/// Checks a key id: 1-32 characters of `A-Za-z0-9_-` (so it can sit between the `:` of the
/// ciphertext format and the `,` of the previous-keys list).
pub fn parse_key_id(var: &str, id: &str) -> Result<String, KeyError> {
    let id = id.trim();
    let valid = !id.is_empty()
        && id.len() <= MAX_KEY_ID_LEN
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if valid {
        Ok(id.to_owned())
    } else {
        Err(KeyError::BadKeyId {
            var: var.to_owned(),
        })
    }
}

/// Parses `id:key,id:key` (empty → no previous keys). Keys in this list must be base64 or raw
/// bytes without a `,`; ids must be distinct.
pub fn parse_previous_keys(var: &str, value: &str) -> Result<Vec<(String, SecretKey)>, KeyError> {
    let mut keys: Vec<(String, SecretKey)> = Vec::new();
    for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let (id, key) = entry.split_once(':').ok_or_else(|| KeyError::BadEntry {
            var: var.to_owned(),
        })?;
        let id = parse_key_id(var, id)?;
        if keys.iter().any(|(known, _)| *known == id) {
            return Err(KeyError::DuplicateId {
                var: var.to_owned(),
                id,
            });
        }
        keys.push((id, parse_key(var, key)?));
    }
    Ok(keys)
}

/// Accepts `AES-256-GCM` (case-insensitive, surrounding spaces ignored) and nothing else.
pub fn parse_algorithm(var: &str, value: &str) -> Result<(), KeyError> {
    if value.trim().eq_ignore_ascii_case(ALGORITHM) {
        Ok(())
    } else {
        Err(KeyError::BadAlgorithm {
            var: var.to_owned(),
            got: value.trim().chars().take(40).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VAR: &str = "ENCRYPT_TOKEN_KEY";

    #[test]
    fn a_32_byte_raw_key_is_accepted() {
        let key = parse_key(VAR, "0123456789abcdef0123456789abcdef").unwrap();
        assert_eq!(key.expose(), b"0123456789abcdef0123456789abcdef");
    }

    #[test]
    fn a_base64_key_of_32_bytes_is_accepted_padded_or_not() {
        let text = STANDARD.encode([7u8; 32]);
        assert_eq!(parse_key(VAR, &text).unwrap().expose(), &[7u8; 32]);
        let unpadded = STANDARD_NO_PAD.encode([9u8; 32]);
        assert_eq!(parse_key(VAR, &unpadded).unwrap().expose(), &[9u8; 32]);
    }

    #[test]
    fn a_wrong_length_key_is_refused_naming_the_variable_but_not_the_value() {
        let secret = "short-secret-value";
        let err = parse_key(VAR, secret).unwrap_err().to_string();
        assert!(err.contains(VAR), "{err}");
        assert!(!err.contains(secret), "{err}");
        let b64_of_16 = STANDARD.encode([1u8; 16]);
        let err = parse_key(VAR, &b64_of_16).unwrap_err().to_string();
        assert!(!err.contains(&b64_of_16), "{err}");
    }

    #[test]
    fn debug_of_a_key_is_redacted() {
        let key = SecretKey::from_bytes([b'x'; 32]);
        assert_eq!(format!("{key:?}"), "[redacted]");
    }

    #[test]
    fn previous_keys_parse_as_id_key_pairs() {
        let a = STANDARD.encode([1u8; 32]);
        let b = STANDARD.encode([2u8; 32]);
        let keys = parse_previous_keys("P", &format!("k0:{a}, old-2:{b}")).unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].0, "k0");
        assert_eq!(keys[1].1.expose(), &[2u8; 32]);
        assert!(parse_previous_keys("P", "").unwrap().is_empty());
    }

    #[test]
    fn previous_keys_refuse_duplicates_bad_ids_and_entries_without_a_colon() {
        let a = STANDARD.encode([1u8; 32]);
        assert!(matches!(
            parse_previous_keys("P", &format!("k0:{a},k0:{a}")),
            Err(KeyError::DuplicateId { .. })
        ));
        assert!(matches!(
            parse_previous_keys("P", &format!("k 0:{a}")),
            Err(KeyError::BadKeyId { .. })
        ));
        assert!(matches!(
            parse_previous_keys("P", &a),
            Err(KeyError::BadEntry { .. })
        ));
    }

    #[test]
    fn only_aes_256_gcm_is_an_accepted_algorithm() {
        assert!(parse_algorithm("A", "AES-256-GCM").is_ok());
        assert!(parse_algorithm("A", "aes-256-gcm").is_ok());
        let err = parse_algorithm("A", "AES-256-CBC").unwrap_err().to_string();
        assert!(err.contains('A') && err.contains("AES-256-CBC"), "{err}");
    }
}
