//! The stored text form of a ciphertext: `v1:<key_id>:<base64(nonce || ciphertext || tag)>`.
//! The version prefix lets the format change later; the key id says which key opens it.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::error::CryptoError;

/// Current format version written by [`Envelope::to_text`].
pub const VERSION: &str = "v1";
/// Length of the AES-GCM nonce at the start of the payload (96 bits).
pub const NONCE_LEN: usize = 12;
/// Length of the AES-GCM authentication tag at the end of the payload.
pub const TAG_LEN: usize = 16;

/// A parsed ciphertext: the key id and the raw `nonce || ciphertext || tag` bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// Id of the key that sealed it.
    pub key_id: String,
    /// `nonce || ciphertext || tag`.
    pub payload: Vec<u8>,
}

impl Envelope {
    /// Renders `v1:<key_id>:<base64>`.
    pub fn to_text(&self) -> String {
        format!(
            "{VERSION}:{}:{}",
            self.key_id,
            STANDARD.encode(&self.payload)
        )
    }

    /// Parses the text form, checking the version and that the payload can hold a nonce and a tag.
    pub fn parse(text: &str) -> Result<Self, CryptoError> {
        let mut parts = text.splitn(3, ':');
        let (Some(version), Some(key_id), Some(data)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(CryptoError::Malformed("expected v1:<key_id>:<data>"));
        };
        if version != VERSION {
            return Err(CryptoError::UnknownVersion(
                version.chars().take(8).collect(),
            ));
        }
        if key_id.is_empty() {
            return Err(CryptoError::Malformed("empty key id"));
        }
        let payload = STANDARD
            .decode(data)
            .map_err(|_| CryptoError::Malformed("data is not base64"))?;
        if payload.len() < NONCE_LEN + TAG_LEN {
            return Err(CryptoError::Malformed("data too short"));
        }
        Ok(Self {
            key_id: key_id.to_owned(),
            payload,
        })
    }

    /// The key id of a stored text, without decoding the payload (`None` if malformed).
    pub fn key_id_of(text: &str) -> Option<&str> {
        let mut parts = text.splitn(3, ':');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(VERSION), Some(id), Some(_)) if !id.is_empty() => Some(id),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_envelope_survives_its_text_form() {
        let env = Envelope {
            key_id: "k1".into(),
            payload: vec![5; 40],
        };
        let text = env.to_text();
        assert!(text.starts_with("v1:k1:"));
        assert_eq!(Envelope::parse(&text).unwrap(), env);
        assert_eq!(Envelope::key_id_of(&text), Some("k1"));
    }

    #[test]
    fn malformed_texts_are_refused() {
        assert!(matches!(
            Envelope::parse("plain"),
            Err(CryptoError::Malformed(_))
        ));
        assert!(matches!(
            Envelope::parse("v9:k1:AAAA"),
            Err(CryptoError::UnknownVersion(_))
        ));
        assert!(matches!(
            Envelope::parse("v1:k1:!!"),
            Err(CryptoError::Malformed(_))
        ));
        assert!(matches!(
            Envelope::parse("v1:k1:AAAA"),
            Err(CryptoError::Malformed(_))
        ));
        assert_eq!(Envelope::key_id_of("v1::x"), None);
    }
}
