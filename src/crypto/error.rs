//! Errors of the encryption module. None of them ever carries key material or plaintext.

use thiserror::Error;

/// A key or key setting that cannot be used. Each message names the variable, never its value.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// The key is neither 32 raw bytes nor the base64 text of 32 bytes.
    #[error(
        "{var} must be exactly 32 bytes, or the base64 encoding of 32 bytes (got {len} characters that are neither)"
    )]
    BadKey {
        /// The variable the key came from.
        var: String,
        /// The length of the value, which is safe to print.
        len: usize,
    },
    /// A key id that is empty, too long, or holds characters other than `A-Za-z0-9_-`.
    #[error("{var}: key id must be 1-32 characters of A-Z, a-z, 0-9, '_' or '-'")]
    BadKeyId {
        /// The variable the key id came from.
        var: String,
    },
    /// An entry of the previous-keys list is not `id:key`.
    #[error("{var}: each entry must be `id:key` (entries separated by commas)")]
    BadEntry {
        /// The variable holding the list.
        var: String,
    },
    /// The same key id is listed twice (or a previous key reuses the current id).
    #[error("{var}: key id `{id}` appears more than once")]
    DuplicateId {
        /// The variable holding the list.
        var: String,
        /// The duplicated id (ids are not secret).
        id: String,
    },
    /// An algorithm other than AES-256-GCM was asked for.
    #[error("{var} must be AES-256-GCM (the only supported algorithm), got `{got}`")]
    BadAlgorithm {
        /// The variable naming the algorithm.
        var: String,
        /// The value given (an algorithm name is not secret).
        got: String,
    },
}

/// A ciphertext that cannot be produced or opened.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CryptoError {
    /// The text is not `v1:<key_id>:<base64>`.
    #[error("ciphertext is malformed: {0}")]
    Malformed(&'static str),
    /// The text names a format version this build does not know.
    #[error("ciphertext has unknown format version `{0}`")]
    UnknownVersion(String),
    /// The key the text was made with is not in the keyring (list it in
    /// `ENCRYPT_TOKEN_PREVIOUS_KEYS` to read it).
    #[error("ciphertext was encrypted with key id `{0}`, which is not configured")]
    UnknownKeyId(String),
    /// Authentication failed: wrong key, wrong company or purpose, or altered bytes.
    #[error("ciphertext failed authentication (wrong key, company or purpose, or altered)")]
    Authentication,
    /// The cipher refused to encrypt (only for absurdly long inputs).
    #[error("encryption failed")]
    Encrypt,
    /// The decrypted bytes are not UTF-8 text.
    #[error("decrypted secret is not UTF-8 text")]
    NotText,
}
