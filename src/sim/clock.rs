//! The simulator's notion of now: real time plus an offset that tests and the admin endpoint
//! advance, so token expiry, rate-limit windows and storms can be tested without sleeping.

use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// Real time shifted by an adjustable offset.
#[derive(Debug, Default)]
pub struct SimClock {
    offset_ms: AtomicI64,
}

impl SimClock {
    /// The simulated now.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.offset_ms.load(Ordering::SeqCst))
    }

    /// Moves the simulated now forward by `by`.
    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms.fetch_add(ms, Ordering::SeqCst);
    }

    /// How far the simulated now is ahead of real time.
    pub fn offset(&self) -> Duration {
        Duration::from_millis(self.offset_ms.load(Ordering::SeqCst).max(0) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_forward_by_that_much() {
        let clock = SimClock::default();
        let before = clock.now();
        clock.advance(Duration::from_secs(3600));
        let moved = clock.now() - before;
        assert!(moved >= chrono::Duration::seconds(3600));
        assert!(moved < chrono::Duration::seconds(3610));
    }
}
