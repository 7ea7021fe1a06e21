//! The error paths against the simulator: each answer becomes the right `DinamizeError`, and
//! the retry decision on it is the documented one.

use std::time::Duration;

use dinamize_sync::dinamize::retry::{Attempt, RetryDecision, RetryPolicy, decide};
use dinamize_sync::dinamize::*;
use dinamize_sync::sim::{FaultPatch, SimConfig};

use super::{client_for, login, start, start_with};

fn decision(error: &DinamizeError) -> RetryDecision {
    decide(error, &Attempt::first(), &RetryPolicy::default(), 0.0)
}

fn add(email: &str, list: &str) -> ContactAddRequest {
    ContactAddRequest {
        email: email.into(),
        name: None,
        contact_list_code: list.into(),
        custom_fields: CustomFields::new(),
        external_code: None,
        date_rest: None,
    }
}

#[actix_web::test]
async fn a_rate_limit_storm_answers_rate_limited_with_its_retry_after_and_spends_no_attempt() {
    let (sim, client) = start().await;
    let token = login(&client).await;
    sim.state().start_storm(Duration::from_secs(17));
    let error = client
        .send(&token, &ContactSearchRequest::new("1"))
        .await
        .unwrap_err();
    let DinamizeError::RateLimited {
        retry_after,
        request_unique,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert!(
        (16..=17).contains(&retry_after.as_secs()),
        "{retry_after:?}"
    );
    assert!(request_unique.is_some());
    assert_eq!(
        decision(&error),
        RetryDecision::WaitWithoutAttempt(*retry_after)
    );
}

#[actix_web::test]
async fn the_per_client_code_limit_answers_rate_limited_once_exceeded() {
    let config = SimConfig {
        rate_limit: 3,
        ..SimConfig::default()
    };
    let (_sim, client) = start_with(config, super::TEST_TIMEOUT).await;
    let token = login(&client).await;
    let search = ContactSearchRequest::new("1");
    client.send(&token, &search).await.unwrap();
    client.send(&token, &search).await.unwrap();
    let error = client.send(&token, &search).await.unwrap_err();
    assert!(
        matches!(error, DinamizeError::RateLimited { retry_after, .. } if retry_after <= Duration::from_secs(60)),
        "{error:?}"
    );
}

#[actix_web::test]
async fn an_expired_token_asks_for_one_reauthentication_and_a_new_token_works() {
    let (sim, client) = start().await;
    let token = login(&client).await;
    sim.state().expire_tokens();
    let error = client
        .send(&token, &ContactSearchRequest::new("1"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, DinamizeError::ExpiredToken { .. }),
        "{error:?}"
    );
    assert_eq!(decision(&error), RetryDecision::Reauthenticate);
    let again = Attempt {
        number: 1,
        reauthenticated: true,
    };
    assert!(matches!(
        decide(&error, &again, &RetryPolicy::default(), 0.0),
        RetryDecision::Backoff(_)
    ));
    let fresh = login(&client).await;
    client
        .send(&fresh, &ContactSearchRequest::new("1"))
        .await
        .unwrap();
}

#[actix_web::test]
async fn a_token_idle_for_more_than_an_hour_is_expired() {
    let (sim, client) = start().await;
    let token = login(&client).await;
    sim.state().advance_clock(Duration::from_secs(61 * 60));
    let error = client
        .send(&token, &ContactListSearchRequest::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error, DinamizeError::ExpiredToken { .. }),
        "{error:?}"
    );
}

#[actix_web::test]
async fn a_request_that_is_never_answered_times_out_as_a_transient_transport_error() {
    let (sim, client) = start_with(SimConfig::default(), Duration::from_millis(300)).await;
    let token = login(&client).await;
    sim.state()
        .patch_faults(FaultPatch {
            timeout_rate: Some(1.0),
            ..FaultPatch::default()
        })
        .unwrap();
    let error = client
        .send(&token, &ContactSearchRequest::new("1"))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        !error.to_string().contains(&token),
        "Display must not show the token"
    );
    assert_eq!(error.category(), ErrorCategory::Network);
    assert!(matches!(decision(&error), RetryDecision::Backoff(d) if d == Duration::from_secs(5)));
}

#[actix_web::test]
async fn an_injected_unknown_code_is_an_api_error_that_backs_off() {
    let (sim, client) = start().await;
    let token = login(&client).await;
    let patch = FaultPatch {
        error_rate: Some(1.0),
        error_code: Some("999999".into()),
        ..FaultPatch::default()
    };
    sim.state().patch_faults(patch).unwrap();
    let error = client
        .send(&token, &ContactGetRequest::new("1", "1"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, DinamizeError::Api { code, .. } if code == "999999"),
        "{error:?}"
    );
    assert!(matches!(decision(&error), RetryDecision::Backoff(_)));
}

#[actix_web::test]
async fn each_refused_request_is_a_validation_error_of_its_kind_and_stops() {
    let (_sim, client) = start().await;
    let token = login(&client).await;
    let kind_of = |error: DinamizeError| match error {
        DinamizeError::Validation { kind, .. } => {
            let error_again = DinamizeError::Validation {
                kind,
                code: String::new(),
                detail: String::new(),
                request_unique: None,
            };
            assert_eq!(decision(&error_again), RetryDecision::Stop);
            kind
        }
        other => panic!("{other:?}"),
    };
    let invalid = client
        .send(&token, &add("not-an-email", "1"))
        .await
        .unwrap_err();
    assert_eq!(kind_of(invalid), ValidationKind::InvalidEmail);
    client
        .send(&token, &add("eva@example.com", "1"))
        .await
        .unwrap();
    let duplicate = client
        .send(&token, &add("eva@example.com", "1"))
        .await
        .unwrap_err();
    assert_eq!(kind_of(duplicate), ValidationKind::DuplicateContact);
    let missing = client
        .send(&token, &ContactGetRequest::new("987654", "1"))
        .await
        .unwrap_err();
    assert_eq!(kind_of(missing), ValidationKind::NotFound);
    let no_list = client
        .send(&token, &add("fa@example.com", "99"))
        .await
        .unwrap_err();
    assert_eq!(kind_of(no_list), ValidationKind::ListNotFound);
    let mut segmented = ContactSearchRequest::new("1");
    segmented.custom_filter = Some("42".into());
    let refused = client.send(&token, &segmented).await.unwrap_err();
    assert_eq!(kind_of(refused), ValidationKind::InvalidRequest);
}

#[actix_web::test]
async fn an_unknown_path_gets_the_envelope_not_a_crash() {
    let (sim, _) = start().await;
    let client = client_for(
        &format!("{}/not-dinamize", sim.base_url()),
        super::TEST_TIMEOUT,
    );
    let error = client.auth(&super::credentials()).await.unwrap_err();
    assert!(
        matches!(
            error,
            DinamizeError::Validation {
                kind: ValidationKind::InvalidRequest,
                ..
            }
        ),
        "{error:?}"
    );
}
