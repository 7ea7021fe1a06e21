//! Events per minute from a running total sampled at each check: the difference between the
//! total now and the total a minute ago (the newest sample at least a minute old, else the
//! oldest one kept).

use std::collections::VecDeque;

use chrono::{DateTime, TimeDelta, Utc};

/// The samples of a running total over the last minute or so.
#[derive(Debug, Default, Clone)]
pub struct PerMinute {
    samples: VecDeque<(DateTime<Utc>, u64)>,
}

impl PerMinute {
    /// Records `total` at `now`; the increase over the last minute.
    pub fn observe(&mut self, now: DateTime<Utc>, total: u64) -> u64 {
        let minute_ago = now - TimeDelta::minutes(1);
        // Keep one sample at or before a minute ago as the baseline, drop older ones.
        while self.samples.len() >= 2 && self.samples[1].0 <= minute_ago {
            self.samples.pop_front();
        }
        let baseline = self.samples.front().map_or(total, |&(_, t)| t);
        self.samples.push_back((now, total));
        total.saturating_sub(baseline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 12, 0, 0).unwrap() + TimeDelta::seconds(secs)
    }

    #[test]
    fn counts_the_increase_within_the_last_minute_only() {
        let mut rate = PerMinute::default();
        assert_eq!(
            rate.observe(at(0), 10),
            0,
            "the first sample is the baseline"
        );
        assert_eq!(rate.observe(at(15), 13), 3);
        assert_eq!(rate.observe(at(30), 16), 6);
        assert_eq!(
            rate.observe(at(75), 16),
            3,
            "the answers of second 0-15 left the minute"
        );
        assert_eq!(rate.observe(at(200), 16), 0);
    }
}
