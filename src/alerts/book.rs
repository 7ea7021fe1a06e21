//! The alert state machine: which incidents are open, and the events an observation opens or
//! closes. Pure (it takes `now`), so every threshold is a unit test. Each incident fires once
//! when its condition starts to hold and resolves once when it stops holding.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::event::{AlertEvent, AlertStatus};
use super::observe::Observation;
use super::rate::PerMinute;
use crate::config::AlertsConfig;

/// The thresholds, from `ALERT_*`.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    pub failure_rate_percent: u32,
    pub failure_min_jobs: u64,
    pub rate_limited_per_minute: u64,
    pub oldest_waiting: Duration,
}

impl From<&AlertsConfig> for Thresholds {
    fn from(config: &AlertsConfig) -> Self {
        Self {
            failure_rate_percent: config.failure_rate_percent,
            failure_min_jobs: config.failure_min_jobs,
            rate_limited_per_minute: config.rate_limited_per_minute,
            oldest_waiting: config.oldest_waiting,
        }
    }
}

/// One incident's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    FailureRate,
    RateLimited,
    OldestWaiting(i64),
    Misconfigured(i64),
    LimiterFailingOpen,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Key::FailureRate => "failure_rate",
            Key::RateLimited => "rate_limited",
            Key::OldestWaiting(_) => "oldest_waiting_job",
            Key::Misconfigured(_) => "account_misconfigured",
            Key::LimiterFailingOpen => "limiter_failing_open",
        }
    }

    fn company(self) -> Option<i64> {
        match self {
            Key::OldestWaiting(c) | Key::Misconfigured(c) => Some(c),
            _ => None,
        }
    }
}

/// A condition that holds now: its value, threshold and one line.
struct Holding {
    value: f64,
    threshold: f64,
    summary: String,
}

/// The open incidents and the 240024 samples.
#[derive(Debug, Default)]
pub struct AlertBook {
    open: BTreeMap<Key, DateTime<Utc>>,
    rate_limited: PerMinute,
}

impl AlertBook {
    /// The events `seen` at `now` raises: firing for conditions that started to hold,
    /// resolved for open incidents whose condition no longer holds.
    pub fn observe(
        &mut self,
        now: DateTime<Utc>,
        seen: &Observation,
        limits: &Thresholds,
    ) -> Vec<AlertEvent> {
        let per_minute = self.rate_limited.observe(now, seen.rate_limited_total);
        let holding = conditions(seen, per_minute, limits);
        let mut events = Vec::new();
        for (key, now_holding) in &holding {
            if !self.open.contains_key(key) {
                self.open.insert(*key, now);
                events.push(event(*key, AlertStatus::Firing, now_holding, now, now));
            }
        }
        let closed: Vec<(Key, DateTime<Utc>)> = self
            .open
            .iter()
            .filter(|(key, _)| !holding.contains_key(key))
            .map(|(key, since)| (*key, *since))
            .collect();
        for (key, since) in closed {
            self.open.remove(&key);
            let ended = Holding {
                value: current_value(key, seen, per_minute),
                threshold: threshold_of(key, limits),
                summary: format!("resolved: {}", describe(key)),
            };
            events.push(event(key, AlertStatus::Resolved, &ended, since, now));
        }
        events
    }
}

/// Every condition that holds in `seen`.
fn conditions(seen: &Observation, per_minute: u64, limits: &Thresholds) -> BTreeMap<Key, Holding> {
    let mut holding = BTreeMap::new();
    let rate = failure_percent(seen);
    if seen.finished_in_window >= limits.failure_min_jobs
        && rate >= f64::from(limits.failure_rate_percent)
    {
        let summary = format!(
            "{} of {} jobs finished in the window failed ({rate:.0} %)",
            seen.failed_in_window, seen.finished_in_window
        );
        let threshold = f64::from(limits.failure_rate_percent);
        holding.insert(
            Key::FailureRate,
            Holding {
                value: rate,
                threshold,
                summary,
            },
        );
    }
    if per_minute >= limits.rate_limited_per_minute {
        let summary = format!("Dinamize answered 240024 {per_minute} times in the last minute");
        let threshold = limits.rate_limited_per_minute as f64;
        let value = per_minute as f64;
        holding.insert(
            Key::RateLimited,
            Holding {
                value,
                threshold,
                summary,
            },
        );
    }
    let max_age = limits.oldest_waiting.as_secs_f64();
    for &(company, secs) in &seen.oldest_waiting_secs {
        if secs >= max_age {
            let summary = format!("company {company}: a job has waited {secs:.0} s");
            let h = Holding {
                value: secs,
                threshold: max_age,
                summary,
            };
            holding.insert(Key::OldestWaiting(company), h);
        }
    }
    for (company, reason) in &seen.misconfigured {
        let summary = format!("company {company}: Dinamize account misconfigured: {reason}");
        let h = Holding {
            value: 1.0,
            threshold: 1.0,
            summary,
        };
        holding.insert(Key::Misconfigured(*company), h);
    }
    if seen.limiter_failing_open {
        let summary = "rate limiter failing open: Redis unreachable, each instance limits \
                       from its own memory"
            .to_string();
        let h = Holding {
            value: 1.0,
            threshold: 1.0,
            summary,
        };
        holding.insert(Key::LimiterFailingOpen, h);
    }
    holding
}

fn failure_percent(seen: &Observation) -> f64 {
    if seen.finished_in_window == 0 {
        return 0.0;
    }
    seen.failed_in_window as f64 * 100.0 / seen.finished_in_window as f64
}

fn current_value(key: Key, seen: &Observation, per_minute: u64) -> f64 {
    match key {
        Key::FailureRate => failure_percent(seen),
        Key::RateLimited => per_minute as f64,
        Key::OldestWaiting(company) => seen
            .oldest_waiting_secs
            .iter()
            .find(|(c, _)| *c == company)
            .map_or(0.0, |(_, secs)| *secs),
        Key::Misconfigured(_) | Key::LimiterFailingOpen => 0.0,
    }
}

fn threshold_of(key: Key, limits: &Thresholds) -> f64 {
    match key {
        Key::FailureRate => f64::from(limits.failure_rate_percent),
        Key::RateLimited => limits.rate_limited_per_minute as f64,
        Key::OldestWaiting(_) => limits.oldest_waiting.as_secs_f64(),
        Key::Misconfigured(_) | Key::LimiterFailingOpen => 1.0,
    }
}

fn describe(key: Key) -> String {
    match key {
        Key::FailureRate => "the job failure rate is below its threshold".into(),
        Key::RateLimited => "240024 answers are below their threshold".into(),
        Key::OldestWaiting(c) => format!("company {c}: the queue's oldest job is young again"),
        Key::Misconfigured(c) => format!("company {c}: the Dinamize account is configured"),
        Key::LimiterFailingOpen => "the rate limiter decides through Redis again".into(),
    }
}

fn event(
    key: Key,
    status: AlertStatus,
    holding: &Holding,
    started_at: DateTime<Utc>,
    at: DateTime<Utc>,
) -> AlertEvent {
    AlertEvent {
        alert: key.name(),
        status,
        company_id: key.company(),
        summary: holding.summary.clone(),
        value: holding.value,
        threshold: holding.threshold,
        started_at,
        at,
        source: "dinamize-sync",
    }
}

#[cfg(test)]
#[path = "book_tests.rs"]
mod tests;
