//! Tokens shaped as the CRM signs them, and every way one is refused.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use jsonwebtoken::{EncodingKey, Header, encode};
use serde_json::{Value, json};

use super::*;

const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
const NOW: i64 = 1_800_000_000;

/// Signs any JSON payload, as the CRM's NestJS `JwtService` does (HS256).
fn sign(payload: &Value) -> String {
    encode(
        &Header::default(),
        payload,
        &EncodingKey::from_secret(SECRET).unwrap(),
    )
    .unwrap()
}

fn crm_payload() -> Value {
    json!({"sub": 42, "email": "ana@dwu.com.br", "role": "ADMIN", "companyId": 7,
        "companyIds": [7, 9], "exp": NOW + 3600, "iat": NOW})
}

fn with(field: &str, value: Value) -> Value {
    let mut payload = crm_payload();
    payload[field] = value;
    payload
}

#[test]
fn a_crm_token_with_a_numeric_sub_is_accepted_with_its_exact_claims() {
    let claims = verify(&sign(&crm_payload()), SECRET, NOW).unwrap();
    assert_eq!(claims.sub.to_string(), "42");
    assert_eq!(claims.exp, NOW + 3600, "exp is the one signed");
    assert_eq!(claims.iat, Some(NOW));
    assert_eq!(
        (claims.company_id, claims.company_ids),
        (Some(7), vec![7, 9])
    );
    assert_eq!(claims.email.as_deref(), Some("ana@dwu.com.br"));
}

#[test]
fn a_string_sub_and_a_null_company_are_accepted() {
    let token = sign(&with("sub", json!("u-1")));
    assert_eq!(verify(&token, SECRET, NOW).unwrap().sub.to_string(), "u-1");
    let token = sign(&with("companyId", Value::Null));
    assert_eq!(verify(&token, SECRET, NOW).unwrap().company_id, None);
}

#[test]
fn expiry_is_checked_against_the_given_now() {
    let token = sign(&crm_payload());
    assert!(verify(&token, SECRET, NOW + 3599).is_ok());
    assert_eq!(verify(&token, SECRET, NOW + 3600), Err(AuthError::Expired));
}

#[test]
fn nbf_is_checked_when_present() {
    let token = sign(&with("nbf", json!(NOW + 60)));
    assert_eq!(verify(&token, SECRET, NOW), Err(AuthError::NotYetValid));
    assert!(verify(&token, SECRET, NOW + 60).is_ok());
}

#[test]
fn a_temporary_login_token_is_refused_naming_the_reason() {
    let mut payload = crm_payload();
    payload["temp"] = json!(true);
    payload.as_object_mut().unwrap().remove("companyId");
    payload["exp"] = json!(NOW + 300);
    let error = verify(&sign(&payload), SECRET, NOW).unwrap_err();
    assert_eq!(error, AuthError::Temporary);
    assert!(error.to_string().contains("temporary"), "{error}");
}

#[test]
fn a_wrong_secret_is_a_bad_signature() {
    let token = encode(
        &Header::default(),
        &crm_payload(),
        &EncodingKey::from_secret(b"another-secret-another-secret!!").unwrap(),
    )
    .unwrap();
    assert_eq!(verify(&token, SECRET, NOW), Err(AuthError::BadSignature));
}

#[test]
fn an_unsigned_alg_none_token_is_refused_as_the_wrong_algorithm() {
    let payload = B64.encode(serde_json::to_vec(&crm_payload()).unwrap());
    let header = B64.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let none = format!("{header}.{payload}.");
    assert_eq!(
        verify(&none, SECRET, NOW),
        Err(AuthError::WrongAlgorithm("none".into()))
    );
}

#[test]
fn a_missing_claim_is_named_in_words_not_a_debug_dump() {
    let mut payload = crm_payload();
    payload.as_object_mut().unwrap().remove("exp");
    let error = verify(&sign(&payload), SECRET, NOW).unwrap_err();
    assert_eq!(error, AuthError::BadClaim("exp".into()));
    assert_eq!(
        error.to_string(),
        "the token's claim `exp` is missing or not valid"
    );
    let error = verify(&sign(&with("companyIds", json!(["x"]))), SECRET, NOW).unwrap_err();
    assert_eq!(error, AuthError::BadClaim("companyIds".into()));
    assert_eq!(verify("not.a.jwt", SECRET, NOW), Err(AuthError::Malformed));
}
