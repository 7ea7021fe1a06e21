//! Whether the limiter is deciding through Redis or from memory, when to probe Redis again,
//! and the shared health flag `/ready` reads. The transitions are pure (they take `now`); the
//! caller logs each returned transition, so an outage is logged once when it starts and once
//! when it ends, however many decisions it spans.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// While Redis is failing, one decision every this long tries Redis again; the others answer
/// from memory at once instead of each waiting for a timeout.
pub const PROBE_INTERVAL: Duration = Duration::from_millis(500);

/// A change of state worth one log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// Redis failed while it was considered up: decisions now come from memory.
    Started,
    /// Redis answered again after an outage that lasted this long.
    Ended(Duration),
}

/// The outage state machine of one limiter.
#[derive(Debug, Default)]
pub struct Outage {
    down_since: Option<Instant>,
    next_probe: Option<Instant>,
}

impl Outage {
    /// True when Redis is considered up.
    pub fn is_up(&self) -> bool {
        self.down_since.is_none()
    }

    /// Whether this decision should go to Redis. During an outage only one caller per
    /// `PROBE_INTERVAL` gets `true` (the probe); it claims the slot by asking.
    pub fn should_try_redis(&mut self, now: Instant) -> bool {
        match self.next_probe {
            None => true,
            Some(at) if now >= at => {
                self.next_probe = Some(now + PROBE_INTERVAL);
                true
            }
            Some(_) => false,
        }
    }

    /// Redis failed (error or timeout) at `now`.
    pub fn on_failure(&mut self, now: Instant) -> Option<Transition> {
        self.next_probe = Some(now + PROBE_INTERVAL);
        if self.down_since.is_some() {
            return None;
        }
        self.down_since = Some(now);
        Some(Transition::Started)
    }

    /// Redis answered at `now`.
    pub fn on_success(&mut self, now: Instant) -> Option<Transition> {
        self.next_probe = None;
        let since = self.down_since.take()?;
        Some(Transition::Ended(now.saturating_duration_since(since)))
    }
}

/// The limiter's health as other parts of the service (`/ready`, `/metrics`) see it. Cheap to
/// clone; all clones share the same state.
#[derive(Debug, Clone, Default)]
pub struct LimiterHealth {
    degraded: Arc<AtomicBool>,
    outages: Arc<AtomicU64>,
    memory_decisions: Arc<AtomicU64>,
}

impl LimiterHealth {
    /// True while decisions come from the in-memory fallback because Redis is failing.
    pub fn is_degraded(&self) -> bool {
        self.degraded.load(Ordering::Relaxed)
    }

    /// Outages that started since the process began.
    pub fn outages(&self) -> u64 {
        self.outages.load(Ordering::Relaxed)
    }

    /// Decisions answered from memory since the process began.
    pub fn memory_decisions(&self) -> u64 {
        self.memory_decisions.load(Ordering::Relaxed)
    }

    pub(crate) fn apply(&self, transition: Transition) {
        match transition {
            Transition::Started => {
                self.outages.fetch_add(1, Ordering::Relaxed);
                self.degraded.store(true, Ordering::Relaxed);
            }
            Transition::Ended(_) => self.degraded.store(false, Ordering::Relaxed),
        }
    }

    pub(crate) fn count_memory_decision(&self) {
        self.memory_decisions.fetch_add(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outage_starts_once_and_ends_once() {
        let (mut o, t0) = (Outage::default(), Instant::now());
        assert_eq!(o.on_failure(t0), Some(Transition::Started));
        assert_eq!(o.on_failure(t0 + PROBE_INTERVAL), None);
        let end = o.on_success(t0 + Duration::from_secs(3));
        assert_eq!(end, Some(Transition::Ended(Duration::from_secs(3))));
        assert_eq!(o.on_success(t0 + Duration::from_secs(4)), None);
        assert!(o.is_up());
    }

    #[test]
    fn during_an_outage_only_one_caller_per_interval_probes_redis() {
        let (mut o, t0) = (Outage::default(), Instant::now());
        assert!(o.should_try_redis(t0));
        o.on_failure(t0);
        assert!(!o.should_try_redis(t0 + Duration::from_millis(10)));
        assert!(o.should_try_redis(t0 + PROBE_INTERVAL));
        assert!(!o.should_try_redis(t0 + PROBE_INTERVAL));
        o.on_success(t0 + PROBE_INTERVAL);
        assert!(o.should_try_redis(t0 + PROBE_INTERVAL));
    }

    #[test]
    fn health_shows_degraded_between_start_and_end() {
        let health = LimiterHealth::default();
        health.apply(Transition::Started);
        assert!(health.clone().is_degraded());
        health.apply(Transition::Ended(Duration::from_secs(1)));
        assert!(!health.is_degraded());
        assert_eq!(health.outages(), 1);
    }
}
