//! Unit tests of the keyring: what decrypts and what must not.

use super::*;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

fn ring(id: &str, byte: u8) -> Keyring {
    Keyring::new(id.into(), SecretKey::from_bytes([byte; 32]), vec![]).unwrap()
}

const TOKEN: &str = "12345.123456.12.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV";

#[test]
fn a_secret_round_trips() {
    let ring = ring("k1", 1);
    let text = ring.encrypt(7, Purpose::Token, TOKEN).unwrap();
    assert!(text.starts_with("v1:k1:"));
    assert!(!text.contains(TOKEN));
    assert_eq!(ring.decrypt(7, Purpose::Token, &text).unwrap(), TOKEN);
}

#[test]
fn two_encryptions_of_one_secret_differ_because_the_nonce_is_random() {
    let ring = ring("k1", 1);
    let a = ring.encrypt(7, Purpose::Token, TOKEN).unwrap();
    let b = ring.encrypt(7, Purpose::Token, TOKEN).unwrap();
    assert_ne!(a, b);
}

#[test]
fn a_flipped_byte_fails_to_decrypt() {
    let ring = ring("k1", 1);
    let text = ring.encrypt(7, Purpose::Token, TOKEN).unwrap();
    let mut env = Envelope::parse(&text).unwrap();
    for index in [0, NONCE_LEN, env.payload.len() - 1] {
        env.payload[index] ^= 0x01;
        let altered = env.to_text();
        env.payload[index] ^= 0x01;
        assert_eq!(
            ring.decrypt(7, Purpose::Token, &altered),
            Err(CryptoError::Authentication)
        );
    }
}

#[test]
fn a_wrong_company_id_fails_to_decrypt() {
    let ring = ring("k1", 1);
    let text = ring.encrypt(7, Purpose::Token, TOKEN).unwrap();
    assert_eq!(
        ring.decrypt(8, Purpose::Token, &text),
        Err(CryptoError::Authentication)
    );
}

#[test]
fn a_wrong_purpose_fails_to_decrypt() {
    let ring = ring("k1", 1);
    let text = ring.encrypt(7, Purpose::Token, TOKEN).unwrap();
    assert_eq!(
        ring.decrypt(7, Purpose::Password, &text),
        Err(CryptoError::Authentication)
    );
}

#[test]
fn a_wrong_key_with_the_same_id_fails_to_decrypt() {
    let text = ring("k1", 1).encrypt(7, Purpose::Token, TOKEN).unwrap();
    assert_eq!(
        ring("k1", 2).decrypt(7, Purpose::Token, &text),
        Err(CryptoError::Authentication)
    );
}

#[test]
fn an_unknown_key_id_fails_clearly() {
    let text = ring("old", 1).encrypt(7, Purpose::Token, TOKEN).unwrap();
    let err = ring("new", 2)
        .decrypt(7, Purpose::Token, &text)
        .unwrap_err();
    assert_eq!(err, CryptoError::UnknownKeyId("old".into()));
    assert!(err.to_string().contains("old"));
}

#[test]
fn an_old_key_still_decrypts_and_reencrypt_moves_to_the_current_key() {
    let old_text = ring("k1", 1).encrypt(7, Purpose::Password, "pw").unwrap();
    let rotated = Keyring::new(
        "k2".into(),
        SecretKey::from_bytes([2; 32]),
        vec![("k1".into(), SecretKey::from_bytes([1; 32]))],
    )
    .unwrap();
    assert_eq!(
        rotated.decrypt(7, Purpose::Password, &old_text).unwrap(),
        "pw"
    );
    assert!(!rotated.is_current(&old_text));
    let new_text = rotated
        .reencrypt(7, Purpose::Password, &old_text)
        .unwrap()
        .unwrap();
    assert!(new_text.starts_with("v1:k2:"));
    assert_eq!(
        rotated.reencrypt(7, Purpose::Password, &new_text).unwrap(),
        None
    );
    assert_eq!(
        rotated.decrypt(7, Purpose::Password, &new_text).unwrap(),
        "pw"
    );
}

#[test]
fn debug_of_a_keyring_shows_ids_but_no_key_bytes() {
    let ring = ring("k1", b'Q');
    let debug = format!("{ring:?}");
    assert!(debug.contains("k1") && debug.contains("[redacted]"));
    assert!(!debug.contains("QQQQ"));
    assert!(!debug.contains(&STANDARD.encode([b'Q'; 32])));
    assert!(!debug.contains("81, 81"));
}
