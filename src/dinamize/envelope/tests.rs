//! Unit tests of the envelope decoder: codes as numbers and strings, every error class,
//! `retry-after` shapes, undecodable bodies naming their path, tolerant numbers.

use std::time::Duration;

use serde_json::json;

use super::*;
use crate::dinamize::types::{
    AffectedRows, AuthResponse, Contact, ContactAddResponse, ContactSearchResponse, FieldValue,
};

fn bytes(value: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&value).unwrap()
}

fn decode_json<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, DinamizeError> {
    decode(&bytes(value), &UnknownCodes::default())
}

fn error_for(code: serde_json::Value, body: serde_json::Value) -> DinamizeError {
    decode_json::<AffectedRows>(json!({
        "code": code, "code_detail": "Falha", "body": body, "request_unique": "req-1"
    }))
    .unwrap_err()
}

#[test]
fn a_success_code_sent_as_a_string_decodes_the_body() {
    let answer: ContactAddResponse =
        decode_json(json!({"code": "480001", "code_detail": "Sucesso", "body": {"code": "77"}}))
            .unwrap();
    assert_eq!(answer.code, "77");
}

#[test]
fn a_success_code_sent_as_a_number_decodes_the_body() {
    let answer: ContactAddResponse =
        decode_json(json!({"code": 480001, "code_detail": "Success", "body": {"code": 77}}))
            .unwrap();
    assert_eq!(answer.code, "77");
}

#[test]
fn the_auth_token_is_read_from_its_hyphenated_key() {
    let answer: AuthResponse = decode_json(json!({
        "code": "480001", "body": {"auth-token": "12345.123456.12.abc", "manager": true}
    }))
    .unwrap();
    assert_eq!(answer.auth_token, "12345.123456.12.abc");
    assert!(answer.manager);
    assert!(
        !format!("{answer:?}").contains("abc"),
        "Debug must not show the token"
    );
}

#[test]
fn every_login_refusal_code_is_an_auth_error() {
    for code in ["240002", "240003", "240004", "240029"] {
        let error = error_for(json!(code), json!({}));
        assert!(
            matches!(&error, DinamizeError::Auth { code: c, request_unique: Some(r), .. } if c == code && r == "req-1"),
            "{code}: {error:?}"
        );
    }
}

#[test]
fn a_login_refusal_sent_as_a_number_is_an_auth_error() {
    assert!(matches!(
        error_for(json!(240004), json!({})),
        DinamizeError::Auth { .. }
    ));
}

#[test]
fn a_rate_limit_reads_retry_after_from_a_string() {
    let error = error_for(json!("240024"), json!({"retry-after": "17"}));
    assert_eq!(
        error,
        DinamizeError::RateLimited {
            retry_after: Duration::from_secs(17),
            request_unique: Some("req-1".into())
        }
    );
}

#[test]
fn a_rate_limit_reads_retry_after_from_a_number() {
    let error = error_for(json!(240024), json!({"retry-after": 9}));
    assert!(
        matches!(error, DinamizeError::RateLimited { retry_after, .. } if retry_after == Duration::from_secs(9))
    );
}

#[test]
fn a_rate_limit_without_retry_after_waits_the_default() {
    for body in [
        json!({}),
        json!(null),
        json!({"retry-after": "soon"}),
        json!({"retry-after": -3}),
    ] {
        let error = error_for(json!("240024"), body.clone());
        assert!(
            matches!(error, DinamizeError::RateLimited { retry_after, .. } if retry_after == DEFAULT_RETRY_AFTER),
            "{body}"
        );
    }
}

#[test]
fn a_rate_limit_wait_is_clamped_to_sane_bounds() {
    assert_eq!(retry_after(&json!({"retry-after": "0"})), MIN_RETRY_AFTER);
    assert_eq!(retry_after(&json!({"retry-after": 1e12})), MAX_RETRY_AFTER);
    assert_eq!(
        retry_after(&json!({"retry-after": " 2.5 "})),
        Duration::from_millis(2500)
    );
}

#[test]
fn the_expired_token_code_is_a_setting() {
    assert!(matches!(
        error_for(json!("240005"), json!({})),
        DinamizeError::ExpiredToken { .. }
    ));
    let codes = UnknownCodes {
        expired_token: "999999".into(),
        ..UnknownCodes::default()
    };
    let error =
        decode::<AffectedRows>(&bytes(json!({"code": "999999", "body": {}})), &codes).unwrap_err();
    assert!(matches!(error, DinamizeError::ExpiredToken { .. }));
}

#[test]
fn each_validation_code_keeps_which_validation_failed() {
    let expected = [
        ("240100", ValidationKind::DuplicateContact),
        ("240101", ValidationKind::NotFound),
        ("240102", ValidationKind::InvalidEmail),
        ("240103", ValidationKind::ListNotFound),
        ("240104", ValidationKind::InvalidRequest),
    ];
    for (code, kind) in expected {
        let error = error_for(json!(code), json!({}));
        assert!(
            matches!(&error, DinamizeError::Validation { kind: k, code: c, detail, .. } if *k == kind && c == code && detail == "Falha"),
            "{code}: {error:?}"
        );
    }
}

#[test]
fn an_unknown_code_is_a_generic_api_error_with_its_detail() {
    let error = error_for(json!("123456"), json!([]));
    assert_eq!(
        error,
        DinamizeError::Api {
            code: "123456".into(),
            detail: "Falha".into(),
            request_unique: Some("req-1".into())
        }
    );
    assert!(error.to_string().contains("req-1"));
}

#[test]
fn code_detail_never_changes_the_outcome() {
    let answer: ContactAddResponse =
        decode_json(json!({"code": "480001", "code_detail": "Erro fatal", "body": {"code": "1"}}))
            .unwrap();
    assert_eq!(answer.code, "1");
}

#[test]
fn a_body_that_is_not_json_is_a_decode_error() {
    let error =
        decode::<AffectedRows>(b"<html>bad gateway</html>", &UnknownCodes::default()).unwrap_err();
    assert!(matches!(error, DinamizeError::Decode { .. }), "{error:?}");
}

#[test]
fn an_envelope_without_a_code_names_the_code_path() {
    let error = decode_json::<AffectedRows>(json!({"body": {}})).unwrap_err();
    assert!(
        matches!(&error, DinamizeError::Decode { path, .. } if path == "."),
        "{error:?}"
    );
    let error = decode_json::<AffectedRows>(json!({"code": {"x": 1}})).unwrap_err();
    assert!(
        matches!(&error, DinamizeError::Decode { path, .. } if path == "code"),
        "{error:?}"
    );
}

#[test]
fn an_undecodable_success_body_names_the_failing_path_and_keeps_the_request_id() {
    let error = decode_json::<ContactSearchResponse>(json!({
        "code": "480001", "request_unique": 42,
        "body": {"items": [{"code": "1"}, {"code": {"bad": true}}], "next": false}
    }))
    .unwrap_err();
    match error {
        DinamizeError::Decode {
            path,
            request_unique,
            ..
        } => {
            assert_eq!(path, "body.items[1].code");
            assert_eq!(request_unique.as_deref(), Some("42"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn numbers_arriving_as_strings_and_strings_as_numbers_are_accepted() {
    let answer: ContactSearchResponse = decode_json(json!({"code": "480001", "body": {
        "items": [{"code": 5, "email": "a@b.c", "external_code": 99, "optout": "0", "spam": 1,
                   "custom_fields": {"cmp4": "x", "cmp5": 7, "cmp6": ["1", 2]}}],
        "next": "1"
    }}))
    .unwrap();
    let contact = &answer.items[0];
    assert_eq!(contact.code, "5");
    assert_eq!(contact.external_code.as_deref(), Some("99"));
    assert_eq!((contact.optout, contact.spam), (Some(false), Some(true)));
    assert_eq!(contact.custom_fields["cmp4"], FieldValue::Text("x".into()));
    assert_eq!(contact.custom_fields["cmp5"], FieldValue::Number(7.into()));
    assert_eq!(
        contact.custom_fields["cmp6"],
        FieldValue::List(vec![
            FieldValue::Text("1".into()),
            FieldValue::Number(2.into())
        ])
    );
    assert!(answer.next);
    let rows: AffectedRows =
        decode_json(json!({"code": "480001", "body": {"affected_rows": "3"}})).unwrap();
    assert_eq!(rows.affected_rows, Some(3));
}

#[test]
fn missing_optional_fields_and_empty_bodies_decode() {
    let contact: Contact =
        decode_json(json!({"code": "480001", "body": {"code": "8", "custom_fields": []}})).unwrap();
    assert_eq!(
        (contact.email, contact.name, contact.optout),
        (None, None, None)
    );
    assert!(contact.custom_fields.is_empty());
    for body in [json!(null), json!([]), json!({})] {
        let rows: AffectedRows = decode_json(json!({"code": "480001", "body": body})).unwrap();
        assert_eq!(rows.affected_rows, None);
    }
    let page: ContactSearchResponse = decode_json(json!({"code": "480001"})).unwrap();
    assert!(page.items.is_empty() && !page.next);
}
