//! The simulator's notion of now: real time plus an offset that tests and the admin endpoint
//! advance, so token expiry, rate-limit windows and storms can be tested without sleeping.

use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// The furthest the simulated now may run ahead of real time: a hundred years.
pub const MAX_OFFSET: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

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

    /// Moves the simulated now forward by `by`, at most to `MAX_OFFSET` ahead of real time.
    pub fn advance(&self, by: Duration) {
        let _ = self.try_advance(by.min(MAX_OFFSET));
    }

    /// Moves the simulated now forward by `by`, unless that would put it more than
    /// `MAX_OFFSET` ahead of real time (where dates stop being representable): then nothing
    /// moves and the error says how far it may still go.
    pub fn try_advance(&self, by: Duration) -> Result<(), String> {
        let max = MAX_OFFSET.as_millis() as i64;
        let by_ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |now| {
                now.checked_add(by_ms).filter(|&next| next <= max)
            })
            .map(|_| ())
            .map_err(|now| format!("the clock may move at most {} ms further", max - now))
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

    #[test]
    fn an_overflowing_shift_is_refused_and_leaves_the_clock_usable() {
        let clock = SimClock::default();
        clock.advance(Duration::from_secs(60));
        assert!(clock.try_advance(Duration::MAX).is_err());
        assert!(clock.try_advance(MAX_OFFSET).is_err());
        assert_eq!(clock.offset(), Duration::from_secs(60));
        assert!(clock.now() > Utc::now());
    }
}
