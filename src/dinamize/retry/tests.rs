//! The retry table, one row per case of the module documentation.

use std::time::Duration;

use super::*;
use crate::dinamize::error::ValidationKind;

fn api(code: &str) -> DinamizeError {
    DinamizeError::Api {
        code: code.into(),
        detail: String::new(),
        request_unique: None,
    }
}

fn expired() -> DinamizeError {
    DinamizeError::ExpiredToken {
        code: "240005".into(),
        detail: String::new(),
        request_unique: None,
    }
}

fn transport(timed_out: bool) -> DinamizeError {
    DinamizeError::Transport {
        message: "reset".into(),
        timed_out,
    }
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

fn attempt(number: u32, reauthenticated: bool) -> Attempt {
    Attempt {
        number,
        reauthenticated,
    }
}

#[test]
fn every_row_of_the_retry_table_decides_as_documented() {
    use RetryDecision::*;
    let auth = DinamizeError::Auth {
        code: "240004".into(),
        detail: String::new(),
        request_unique: None,
    };
    let validation = DinamizeError::Validation {
        kind: ValidationKind::InvalidEmail,
        code: "240102".into(),
        detail: String::new(),
        request_unique: None,
    };
    let limited = DinamizeError::RateLimited {
        retry_after: secs(17.0),
        request_unique: None,
    };
    let decode = DinamizeError::Decode {
        path: "body.code".into(),
        message: "x".into(),
        request_unique: None,
    };
    let encode = DinamizeError::Encode {
        message: "x".into(),
    };
    let http = |status| DinamizeError::HttpStatus { status };
    let rows: Vec<(&str, DinamizeError, Attempt, f64, RetryDecision)> = vec![
        ("auth stops", auth, attempt(1, false), 0.0, Stop),
        ("validation stops", validation, attempt(1, false), 0.0, Stop),
        ("decode stops", decode, attempt(1, false), 0.0, Stop),
        ("encode stops", encode, attempt(1, false), 0.0, Stop),
        ("HTTP 404 stops", http(404), attempt(1, false), 0.0, Stop),
        ("HTTP 401 stops", http(401), attempt(1, false), 0.0, Stop),
        (
            "rate limit waits",
            limited.clone(),
            attempt(1, false),
            1.0,
            WaitWithoutAttempt(secs(17.0)),
        ),
        (
            "rate limit waits even on the last attempt",
            limited,
            attempt(4, true),
            0.0,
            WaitWithoutAttempt(secs(17.0)),
        ),
        (
            "expired token re-authenticates",
            expired(),
            attempt(1, false),
            0.0,
            Reauthenticate,
        ),
        (
            "expired token re-authenticates on a later attempt",
            expired(),
            attempt(3, false),
            0.0,
            Reauthenticate,
        ),
        (
            "expired again backs off",
            expired(),
            attempt(1, true),
            0.0,
            Backoff(secs(5.0)),
        ),
        (
            "expired again on the last attempt stops",
            expired(),
            attempt(4, true),
            0.0,
            Stop,
        ),
        (
            "transport backs off 5 s",
            transport(false),
            attempt(1, false),
            0.0,
            Backoff(secs(5.0)),
        ),
        (
            "timeout backs off 10 s",
            transport(true),
            attempt(2, false),
            0.0,
            Backoff(secs(10.0)),
        ),
        (
            "HTTP 502 backs off 20 s",
            http(502),
            attempt(3, false),
            0.0,
            Backoff(secs(20.0)),
        ),
        (
            "HTTP 500 after the last attempt stops",
            http(500),
            attempt(4, false),
            0.0,
            Stop,
        ),
        (
            "HTTP 429 backs off",
            http(429),
            attempt(1, false),
            0.0,
            Backoff(secs(5.0)),
        ),
        (
            "HTTP 408 backs off",
            http(408),
            attempt(1, false),
            0.0,
            Backoff(secs(5.0)),
        ),
        (
            "unknown code backs off",
            api("123456"),
            attempt(1, false),
            0.0,
            Backoff(secs(5.0)),
        ),
        (
            "unknown code after the last attempt stops",
            api("123456"),
            attempt(4, false),
            0.0,
            Stop,
        ),
        (
            "jitter +1 adds 10 %",
            transport(false),
            attempt(1, false),
            1.0,
            Backoff(secs(5.5)),
        ),
        (
            "jitter -1 takes 10 %",
            transport(false),
            attempt(2, false),
            -1.0,
            Backoff(secs(9.0)),
        ),
        (
            "jitter beyond 1 is clamped",
            transport(false),
            attempt(3, false),
            7.0,
            Backoff(secs(22.0)),
        ),
        (
            "NaN jitter counts as none",
            transport(false),
            attempt(1, false),
            f64::NAN,
            Backoff(secs(5.0)),
        ),
    ];
    let policy = RetryPolicy::default();
    for (name, error, at, jitter, expected) in rows {
        assert_eq!(decide(&error, &at, &policy, jitter), expected, "{name}");
    }
}

#[test]
fn the_default_policy_is_four_attempts_from_five_seconds_doubling_with_ten_percent_jitter() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.max_attempts, 4);
    assert_eq!(policy.base, Duration::from_secs(5));
    assert_eq!(policy.factor, 2);
    assert!((policy.jitter - 0.10).abs() < f64::EPSILON);
}

#[test]
fn a_custom_policy_changes_attempts_and_waits() {
    let policy = RetryPolicy {
        max_attempts: 2,
        base: Duration::from_secs(1),
        factor: 3,
        jitter: 0.0,
    };
    assert_eq!(
        decide(&api("1"), &Attempt::first(), &policy, 1.0),
        RetryDecision::Backoff(secs(1.0))
    );
    assert_eq!(
        decide(&api("1"), &Attempt::new(2), &policy, 1.0),
        RetryDecision::Stop
    );
    assert_eq!(backoff(3, &policy, 0.0), secs(9.0));
}

#[test]
fn random_jitter_stays_within_its_range() {
    for _ in 0..1000 {
        let j = random_jitter();
        assert!((-1.0..=1.0).contains(&j));
    }
}
