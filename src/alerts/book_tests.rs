use chrono::{TimeDelta, TimeZone};

use super::*;

fn at(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap() + TimeDelta::seconds(secs)
}

fn limits() -> Thresholds {
    Thresholds {
        failure_rate_percent: 20,
        failure_min_jobs: 10,
        rate_limited_per_minute: 5,
        oldest_waiting: Duration::from_secs(600),
    }
}

fn names(events: &[AlertEvent]) -> Vec<(&'static str, AlertStatus, Option<i64>)> {
    events
        .iter()
        .map(|e| (e.alert, e.status, e.company_id))
        .collect()
}

#[test]
fn a_high_failure_rate_fires_once_and_resolves_once() {
    let mut book = AlertBook::default();
    let failing = Observation {
        finished_in_window: 10,
        failed_in_window: 3,
        ..Observation::default()
    };
    let fired = book.observe(at(0), &failing, &limits());
    assert_eq!(names(&fired), [("failure_rate", AlertStatus::Firing, None)]);
    assert_eq!((fired[0].value, fired[0].threshold), (30.0, 20.0));
    assert!(
        book.observe(at(15), &failing, &limits()).is_empty(),
        "once per incident"
    );
    let healthy = Observation {
        finished_in_window: 10,
        failed_in_window: 1,
        ..Observation::default()
    };
    let resolved = book.observe(at(30), &healthy, &limits());
    assert_eq!(
        names(&resolved),
        [("failure_rate", AlertStatus::Resolved, None)]
    );
    assert_eq!((resolved[0].started_at, resolved[0].at), (at(0), at(30)));
    assert!(book.observe(at(45), &healthy, &limits()).is_empty());
}

#[test]
fn too_few_finished_jobs_never_make_a_rate() {
    let mut book = AlertBook::default();
    let one_of_one = Observation {
        finished_in_window: 9,
        failed_in_window: 9,
        ..Observation::default()
    };
    assert!(book.observe(at(0), &one_of_one, &limits()).is_empty());
}

#[test]
fn rate_limited_answers_count_over_the_last_minute() {
    let mut book = AlertBook::default();
    let total = |n| Observation {
        rate_limited_total: n,
        ..Observation::default()
    };
    assert!(
        book.observe(at(0), &total(100), &limits()).is_empty(),
        "the baseline"
    );
    assert!(book.observe(at(20), &total(104), &limits()).is_empty());
    let fired = book.observe(at(40), &total(105), &limits());
    assert_eq!(names(&fired), [("rate_limited", AlertStatus::Firing, None)]);
    assert!(
        book.observe(at(70), &total(105), &limits()).is_empty(),
        "still 5 within the minute"
    );
    let resolved = book.observe(at(100), &total(105), &limits());
    assert_eq!(
        names(&resolved),
        [("rate_limited", AlertStatus::Resolved, None)]
    );
}

#[test]
fn each_company_has_its_own_queue_age_and_misconfiguration_incident() {
    let mut book = AlertBook::default();
    let seen = Observation {
        oldest_waiting_secs: vec![(1, 601.0), (2, 30.0)],
        misconfigured: vec![(3, "code 240003".into())],
        ..Observation::default()
    };
    let fired = book.observe(at(0), &seen, &limits());
    assert_eq!(
        names(&fired),
        [
            ("oldest_waiting_job", AlertStatus::Firing, Some(1)),
            ("account_misconfigured", AlertStatus::Firing, Some(3)),
        ]
    );
    assert!(fired[1].summary.contains("code 240003"));
    let later = Observation {
        oldest_waiting_secs: vec![(1, 700.0), (2, 650.0)],
        ..Observation::default()
    };
    let events = book.observe(at(60), &later, &limits());
    assert_eq!(
        names(&events),
        [
            ("oldest_waiting_job", AlertStatus::Firing, Some(2)),
            ("account_misconfigured", AlertStatus::Resolved, Some(3)),
        ]
    );
}

#[test]
fn the_limiter_failing_open_fires_and_resolves() {
    let mut book = AlertBook::default();
    let open = Observation {
        limiter_failing_open: true,
        ..Observation::default()
    };
    let fired = book.observe(at(0), &open, &limits());
    assert_eq!(
        names(&fired),
        [("limiter_failing_open", AlertStatus::Firing, None)]
    );
    let resolved = book.observe(at(5), &Observation::default(), &limits());
    assert_eq!(
        names(&resolved),
        [("limiter_failing_open", AlertStatus::Resolved, None)]
    );
    let json = serde_json::to_value(&resolved[0]).unwrap();
    assert_eq!(json["status"], "resolved");
    assert_eq!(json["alert"], "limiter_failing_open");
}
