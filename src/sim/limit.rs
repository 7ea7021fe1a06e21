//! The per-client-code request limit: a sliding-window log on the simulator's clock. A refused
//! request is not logged, so a client that keeps asking recovers once the window moves on.
//! A limit of 0 means no limit.

use chrono::{DateTime, Utc};
use std::collections::{HashMap, VecDeque};
use std::time::Duration;

/// The limiter's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// The request is counted and may proceed.
    Allowed,
    /// Refused; the first slot frees after this long.
    Refused(Duration),
}

/// Seconds for `retry-after`: the wait rounded up, at least one.
pub fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_millis().div_ceil(1000).max(1) as u64
}

/// One sliding window per client code.
#[derive(Debug)]
pub struct Limiter {
    limit: u32,
    window: Duration,
    logs: HashMap<String, VecDeque<DateTime<Utc>>>,
}

impl Limiter {
    /// A limiter allowing `limit` requests in any `window`.
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            logs: HashMap::new(),
        }
    }

    /// Changes the limit and the window; the requests already logged stay.
    pub fn reconfigure(&mut self, limit: u32, window: Duration) {
        self.limit = limit;
        self.window = window;
    }

    /// The current limit and window.
    pub fn settings(&self) -> (u32, Duration) {
        (self.limit, self.window)
    }

    /// Counts a request of `client_code` at `now` if the window has room.
    pub fn admit(&mut self, client_code: &str, now: DateTime<Utc>) -> Admission {
        if self.limit == 0 {
            return Admission::Allowed;
        }
        let window = chrono::Duration::from_std(self.window).unwrap_or(chrono::Duration::MAX);
        let log = self.logs.entry(client_code.to_string()).or_default();
        while log.front().is_some_and(|&t| t + window <= now) {
            log.pop_front();
        }
        if (log.len() as u64) < u64::from(self.limit) {
            log.push_back(now);
            return Admission::Allowed;
        }
        let frees_at = log.front().map_or(now, |&t| t + window);
        Admission::Refused((frees_at - now).to_std().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_plus_one_request_waits_for_the_oldest_to_leave_the_window() {
        let mut limiter = Limiter::new(3, Duration::from_secs(60));
        let t0 = Utc::now();
        for i in 0..3 {
            let at = t0 + chrono::Duration::seconds(i * 10);
            assert_eq!(limiter.admit("a", at), Admission::Allowed);
        }
        let at = t0 + chrono::Duration::milliseconds(42_500);
        assert_eq!(
            limiter.admit("a", at),
            Admission::Refused(Duration::from_millis(17_500))
        );
        assert_eq!(limiter.admit("b", at), Admission::Allowed);
        assert_eq!(
            limiter.admit("a", t0 + chrono::Duration::seconds(60)),
            Admission::Allowed
        );
    }

    #[test]
    fn a_limit_of_zero_lets_everything_through() {
        let mut limiter = Limiter::new(0, Duration::from_secs(60));
        let now = Utc::now();
        assert!((0..1000).all(|_| limiter.admit("a", now) == Admission::Allowed));
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        assert_eq!(retry_after_secs(Duration::from_millis(17_500)), 18);
        assert_eq!(retry_after_secs(Duration::from_millis(17_000)), 17);
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
    }
}
