//! The keyring: the current key (used to encrypt) and older keys (used only to decrypt what was
//! stored before a rotation). Associated data binds each ciphertext to one company and one
//! purpose, so a token cannot be replayed as another company's token or as a password.

use std::fmt;
use std::sync::Arc;

use aes_gcm::aead::{Aead, Generate, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

use super::envelope::{Envelope, NONCE_LEN};
use super::error::{CryptoError, KeyError};
use super::key::SecretKey;

/// What a secret is, bound into the associated data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// A Dinamize `auth-token`.
    Token,
    /// A Dinamize account password.
    Password,
}

impl Purpose {
    /// The name used in the associated data.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Token => "token",
            Purpose::Password => "password",
        }
    }
}

/// The current key and the previous ones. Cheap to clone (shared).
#[derive(Clone)]
pub struct Keyring {
    inner: Arc<Inner>,
}

struct Inner {
    current_id: String,
    /// The current key first, then the previous ones.
    keys: Vec<(String, SecretKey)>,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.inner.keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("Keyring")
            .field("current_id", &self.inner.current_id)
            .field("key_ids", &ids)
            .field("keys", &"[redacted]")
            .finish()
    }
}

fn associated_data(company_id: i64, purpose: Purpose) -> Vec<u8> {
    format!(
        "dinamize-sync|company={company_id}|purpose={}",
        purpose.as_str()
    )
    .into_bytes()
}

fn cipher(key: &SecretKey) -> Aes256Gcm {
    Aes256Gcm::new(key.expose().into())
}

impl Keyring {
    /// Builds a keyring; `previous` keys decrypt only. Ids must be distinct.
    pub fn new(
        current_id: String,
        current: SecretKey,
        previous: Vec<(String, SecretKey)>,
    ) -> Result<Self, KeyError> {
        let mut keys = vec![(current_id.clone(), current)];
        for (id, key) in previous {
            if keys.iter().any(|(known, _)| *known == id) {
                return Err(KeyError::DuplicateId {
                    var: "ENCRYPT_TOKEN_PREVIOUS_KEYS".into(),
                    id,
                });
            }
            keys.push((id, key));
        }
        Ok(Self {
            inner: Arc::new(Inner { current_id, keys }),
        })
    }

    /// Id of the key new ciphertexts are sealed with.
    pub fn current_key_id(&self) -> &str {
        &self.inner.current_id
    }

    /// Encrypts `plaintext` for `company_id` and `purpose` under the current key, with a fresh
    /// random 96-bit nonce, and returns the text form `v1:<key_id>:<base64>`.
    pub fn encrypt(
        &self,
        company_id: i64,
        purpose: Purpose,
        plaintext: &str,
    ) -> Result<String, CryptoError> {
        let (id, key) = &self.inner.keys[0];
        let nonce = Nonce::generate();
        let aad = associated_data(company_id, purpose);
        let sealed = cipher(key)
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| CryptoError::Encrypt)?;
        let mut payload = Vec::with_capacity(NONCE_LEN + sealed.len());
        payload.extend_from_slice(&nonce);
        payload.extend_from_slice(&sealed);
        Ok(Envelope {
            key_id: id.clone(),
            payload,
        }
        .to_text())
    }

    /// Opens a text made by [`Keyring::encrypt`] with the key it names, checking that it was
    /// made for this company and purpose.
    pub fn decrypt(
        &self,
        company_id: i64,
        purpose: Purpose,
        text: &str,
    ) -> Result<String, CryptoError> {
        let envelope = Envelope::parse(text)?;
        let key = self
            .key(&envelope.key_id)
            .ok_or_else(|| CryptoError::UnknownKeyId(envelope.key_id.clone()))?;
        let (nonce, sealed) = envelope.payload.split_at(NONCE_LEN);
        let nonce = Nonce::try_from(nonce).map_err(|_| CryptoError::Malformed("nonce"))?;
        let aad = associated_data(company_id, purpose);
        let plain = cipher(key)
            .decrypt(
                &nonce,
                Payload {
                    msg: sealed,
                    aad: &aad,
                },
            )
            .map_err(|_| CryptoError::Authentication)?;
        String::from_utf8(plain).map_err(|_| CryptoError::NotText)
    }

    /// True when `text` is sealed with the current key (nothing to rotate).
    pub fn is_current(&self, text: &str) -> bool {
        Envelope::key_id_of(text) == Some(self.current_key_id())
    }

    /// Re-seals `text` under the current key; `None` when it already uses the current key.
    pub fn reencrypt(
        &self,
        company_id: i64,
        purpose: Purpose,
        text: &str,
    ) -> Result<Option<String>, CryptoError> {
        if self.is_current(text) {
            return Ok(None);
        }
        let plain = self.decrypt(company_id, purpose, text)?;
        self.encrypt(company_id, purpose, &plain).map(Some)
    }

    fn key(&self, id: &str) -> Option<&SecretKey> {
        self.inner
            .keys
            .iter()
            .find(|(known, _)| known == id)
            .map(|(_, key)| key)
    }
}

#[cfg(test)]
#[path = "keyring_tests.rs"]
mod tests;
