//! Fault injection: fixed and random latency, an error rate answering a chosen code, requests
//! that never get an answer, rate-limit storms, and answer shapes the notes do not describe
//! (another HTTP status, an add without `body.code`, a wrapped `/get` body). Set by CLI flags, by `SimConfig::faults`,
//! or at run time through `/_sim/faults`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The code answered by the error-rate fault unless another is chosen: not a published code,
/// so a client treats it as an unknown, transient error.
pub const DEFAULT_ERROR_CODE: &str = "999999";

/// The faults in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultSettings {
    /// Every answer is delayed by this many milliseconds.
    pub latency_ms: u64,
    /// With `latency_max_ms`, a random extra delay in `[latency_min_ms, latency_max_ms]` ms.
    pub latency_min_ms: Option<u64>,
    /// The upper end of the random extra delay.
    pub latency_max_ms: Option<u64>,
    /// The fraction (0..=1) of requests answered with `error_code`.
    pub error_rate: f64,
    /// The code answered by the error-rate fault.
    pub error_code: String,
    /// The fraction (0..=1) of requests that never get an answer.
    pub timeout_rate: f64,
    /// The fraction (0..=1) of writes (add, update, delete, import) that are carried out and
    /// then never answered (the answer lost on the way back: the client cannot know).
    #[serde(default)]
    pub lost_answer_rate: f64,
    /// Until this instant every request is answered with 240024.
    pub storm_until: Option<DateTime<Utc>>,
    /// Answer shapes the notes do not describe: every answer (its envelope unchanged) goes out
    /// with this HTTP status instead of 200.
    #[serde(default)]
    pub http_status: Option<u16>,
    /// A successful `/emkt/contact/add` answers an empty body (the contact is still created).
    #[serde(default)]
    pub add_without_code: bool,
    /// A successful `/emkt/contact/get` answers the contact wrapped as `{"<key>": contact}`.
    #[serde(default)]
    pub wrap_get: Option<String>,
}

impl Default for FaultSettings {
    fn default() -> Self {
        Self {
            latency_ms: 0,
            latency_min_ms: None,
            latency_max_ms: None,
            error_rate: 0.0,
            error_code: DEFAULT_ERROR_CODE.into(),
            timeout_rate: 0.0,
            lost_answer_rate: 0.0,
            storm_until: None,
            http_status: None,
            add_without_code: false,
            wrap_get: None,
        }
    }
}

/// A change to the faults: fields left out keep their value (`POST /_sim/faults`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultPatch {
    pub latency_ms: Option<u64>,
    pub latency_min_ms: Option<u64>,
    pub latency_max_ms: Option<u64>,
    pub error_rate: Option<f64>,
    pub error_code: Option<String>,
    pub timeout_rate: Option<f64>,
    pub lost_answer_rate: Option<f64>,
    /// Start a rate-limit storm lasting this many seconds from now (0 ends one).
    pub storm_secs: Option<u64>,
    /// Answer with this HTTP status (0 returns to 200).
    pub http_status: Option<u16>,
    /// Answer adds without `body.code` (or stop).
    pub add_without_code: Option<bool>,
    /// Wrap `/get` answers under this key (`""` stops).
    pub wrap_get: Option<String>,
}

impl FaultSettings {
    /// Applies `patch` at `now`.
    pub fn apply(&mut self, patch: FaultPatch, now: DateTime<Utc>) -> Result<(), String> {
        let rate_ok = |r: Option<f64>| r.is_none_or(|r| (0.0..=1.0).contains(&r));
        if !rate_ok(patch.error_rate)
            || !rate_ok(patch.timeout_rate)
            || !rate_ok(patch.lost_answer_rate)
        {
            return Err("rates must be between 0 and 1".into());
        }
        set(&mut self.latency_ms, patch.latency_ms);
        self.latency_min_ms = patch.latency_min_ms.or(self.latency_min_ms);
        self.latency_max_ms = patch.latency_max_ms.or(self.latency_max_ms);
        set(&mut self.error_rate, patch.error_rate);
        set(&mut self.error_code, patch.error_code);
        set(&mut self.timeout_rate, patch.timeout_rate);
        if let Some(status) = patch.http_status {
            if status != 0 && !(100..=599).contains(&status) {
                return Err("http_status must be 100..=599 (0: back to 200)".into());
            }
            self.http_status = (status != 0).then_some(status);
        }
        set(&mut self.add_without_code, patch.add_without_code);
        if let Some(key) = patch.wrap_get {
            self.wrap_get = (!key.is_empty()).then_some(key);
        }
        set(&mut self.lost_answer_rate, patch.lost_answer_rate);
        if let Some(secs) = patch.storm_secs {
            let until = now + chrono::Duration::seconds(secs as i64);
            self.storm_until = (secs > 0).then_some(until);
        }
        Ok(())
    }

    /// The delay before answering: the fixed latency plus a roll in the random range.
    pub fn delay(&self) -> Duration {
        let extra = match (self.latency_min_ms, self.latency_max_ms) {
            (Some(lo), Some(hi)) if hi > lo => rand::random_range(lo..=hi),
            (Some(lo), _) => lo,
            _ => 0,
        };
        Duration::from_millis(self.latency_ms + extra)
    }

    /// What happens to one request at `now`, given two rolls in `[0, 1)`.
    pub fn outcome(&self, now: DateTime<Utc>, timeout_roll: f64, error_roll: f64) -> FaultOutcome {
        if let Some(until) = self.storm_until.filter(|&u| u > now) {
            return FaultOutcome::Storm((until - now).to_std().unwrap_or_default());
        }
        if timeout_roll < self.timeout_rate {
            return FaultOutcome::Timeout;
        }
        if error_roll < self.error_rate {
            return FaultOutcome::Error(self.error_code.clone());
        }
        FaultOutcome::Pass
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

/// What a fault does to one request.
#[derive(Debug, Clone, PartialEq)]
pub enum FaultOutcome {
    /// No fault: the request is served.
    Pass,
    /// Never answer.
    Timeout,
    /// Answer this code.
    Error(String),
    /// Answer 240024; the storm ends after this long.
    Storm(Duration),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_storm_wins_over_every_other_fault_until_it_ends() {
        let now = Utc::now();
        let mut faults = FaultSettings::default();
        let patch = FaultPatch {
            storm_secs: Some(30),
            error_rate: Some(1.0),
            ..Default::default()
        };
        faults.apply(patch, now).unwrap();
        assert_eq!(
            faults.outcome(now, 0.5, 0.5),
            FaultOutcome::Storm(Duration::from_secs(30))
        );
        let later = now + chrono::Duration::seconds(30);
        assert_eq!(
            faults.outcome(later, 0.5, 0.5),
            FaultOutcome::Error(DEFAULT_ERROR_CODE.into())
        );
    }

    #[test]
    fn rates_decide_by_their_roll_and_out_of_range_rates_are_refused() {
        let now = Utc::now();
        let mut faults = FaultSettings {
            timeout_rate: 0.25,
            ..Default::default()
        };
        assert_eq!(faults.outcome(now, 0.2, 0.9), FaultOutcome::Timeout);
        assert_eq!(faults.outcome(now, 0.3, 0.9), FaultOutcome::Pass);
        let bad = FaultPatch {
            error_rate: Some(1.5),
            ..Default::default()
        };
        assert!(faults.apply(bad, now).is_err());
    }
}
