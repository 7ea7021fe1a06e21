//! The per-instance in-memory sliding window: the fail-open fallback used while Redis is
//! unreachable, plus the company blocks, which apply whether Redis is up or not. Every method
//! takes `now`, so the arithmetic is tested without sleeping.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use super::decision::{Decision, Lane, WindowParams};

/// Sweep companies with empty windows after this many decisions, so the map does not keep
/// every company ever seen.
const SWEEP_EVERY: u64 = 1024;

/// One permit this instance handed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Permit {
    at: Instant,
    /// Granted from memory (Redis failing) and not yet copied into Redis.
    unshared: bool,
}

/// What Redis must learn when it answers again: the permits this instance granted from memory
/// that still occupy their slot, and the blocks still running.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Unshared {
    /// Per company: how long ago each permit was granted.
    pub permits: Vec<(i64, Vec<Duration>)>,
    /// Per company: how much longer its block runs.
    pub blocks: Vec<(i64, Duration)>,
}

/// One instance's own record of the permits it handed out and of the blocks it knows about.
#[derive(Debug, Default)]
pub struct MemoryWindow {
    permits: HashMap<i64, VecDeque<Permit>>,
    blocks: HashMap<i64, Instant>,
    decisions: u64,
}

impl MemoryWindow {
    /// An empty window.
    pub fn new() -> Self {
        Self::default()
    }

    /// Blocks `company_id` until `until` (a later block already known wins).
    pub fn block(&mut self, company_id: i64, until: Instant) {
        let entry = self.blocks.entry(company_id).or_insert(until);
        *entry = (*entry).max(until);
    }

    /// Time left on the company's block, if it is blocked at `now`.
    pub fn blocked_for(&mut self, company_id: i64, now: Instant) -> Option<Duration> {
        match self.blocks.get(&company_id) {
            Some(until) if *until > now => Some(*until - now),
            Some(_) => {
                self.blocks.remove(&company_id);
                None
            }
            None => None,
        }
    }

    /// Decides from memory alone: the block first, then the sliding window with the lane's cap.
    /// A permit is recorded.
    pub fn decide(
        &mut self,
        company_id: i64,
        lane: Lane,
        params: &WindowParams,
        now: Instant,
    ) -> Decision {
        if let Some(left) = self.blocked_for(company_id, now) {
            return Decision::RetryIn(left);
        }
        self.maybe_sweep(params.span(), now);
        let span = params.span();
        let cap = params.cap(lane) as usize;
        let log = self.permits.entry(company_id).or_default();
        expire(log, span, now);
        if log.len() < cap {
            log.push_back(Permit {
                at: now,
                unshared: true,
            });
            return Decision::Permit;
        }
        // The lane needs len - cap + 1 permits to end; the (len - cap)-th oldest ends last.
        let ends = log[log.len() - cap].at + span;
        Decision::RetryIn(
            ends.saturating_duration_since(now)
                .max(Duration::from_millis(1)),
        )
    }

    /// Records a permit granted elsewhere (by Redis), so that if Redis fails the instance still
    /// remembers what it sent in the current window.
    pub fn record(&mut self, company_id: i64, span: Duration, now: Instant) {
        self.record_many(company_id, span, now, 1);
    }

    /// Records `count` permits granted elsewhere at `now` (one round trip's).
    pub fn record_many(&mut self, company_id: i64, span: Duration, now: Instant, count: usize) {
        let log = self.permits.entry(company_id).or_default();
        expire(log, span, now);
        let permit = Permit {
            at: now,
            unshared: false,
        };
        log.extend(std::iter::repeat_n(permit, count));
    }

    /// Takes what Redis has not seen: permits granted from memory that still occupy their slot
    /// at `now`, and running blocks. Each permit is handed out once (it is then marked shared).
    pub fn take_unshared(&mut self, span: Duration, now: Instant) -> Unshared {
        let mut permits = Vec::new();
        for (company, log) in &mut self.permits {
            expire(log, span, now);
            let ages: Vec<Duration> = log
                .iter_mut()
                .filter(|p| p.unshared)
                .map(|p| {
                    p.unshared = false;
                    now.saturating_duration_since(p.at)
                })
                .collect();
            if !ages.is_empty() {
                permits.push((*company, ages));
            }
        }
        let blocks = self
            .blocks
            .iter()
            .filter(|(_, until)| **until > now)
            .map(|(company, until)| (*company, *until - now))
            .collect();
        Unshared { permits, blocks }
    }

    /// Number of companies with a window in memory (for tests).
    pub fn companies(&self) -> usize {
        self.permits.len()
    }

    fn maybe_sweep(&mut self, span: Duration, now: Instant) {
        self.decisions += 1;
        if !self.decisions.is_multiple_of(SWEEP_EVERY) {
            return;
        }
        self.permits.retain(|_, log| {
            expire(log, span, now);
            !log.is_empty()
        });
        self.blocks.retain(|_, until| *until > now);
    }
}

/// Drops the permits whose span has ended at `now` (a permit at `s` occupies `[s, s + span)`).
fn expire(log: &mut VecDeque<Permit>, span: Duration, now: Instant) {
    while log.front().is_some_and(|p| p.at + span <= now) {
        log.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(limit: u32) -> WindowParams {
        WindowParams {
            limit,
            window: Duration::from_millis(1000),
            guard: Duration::from_millis(50),
            background_reserve: 1,
        }
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn the_limit_is_granted_then_the_exact_wait_until_the_oldest_permit_ends() {
        let (mut w, t0, p) = (MemoryWindow::new(), Instant::now(), params(3));
        for i in 0..3 {
            assert_eq!(
                w.decide(1, Lane::Interactive, &p, t0 + ms(i * 10)),
                Decision::Permit
            );
        }
        let d = w.decide(1, Lane::Interactive, &p, t0 + ms(100));
        assert_eq!(d, Decision::RetryIn(ms(950)));
        assert_eq!(
            w.decide(1, Lane::Interactive, &p, t0 + ms(1050)),
            Decision::Permit
        );
    }

    #[test]
    fn no_span_of_window_plus_guard_ever_holds_more_than_the_limit() {
        let (mut w, t0, p) = (MemoryWindow::new(), Instant::now(), params(5));
        let mut granted = Vec::new();
        for step in 0..5000u64 {
            let now = t0 + ms(step * 3);
            if w.decide(7, Lane::Interactive, &p, now).is_permit() {
                granted.push(now);
            }
        }
        for (i, start) in granted.iter().enumerate() {
            let inside = granted[i..]
                .iter()
                .take_while(|t| **t < *start + p.span())
                .count();
            assert!(inside <= 5, "{inside} permits in one span");
        }
        assert!(
            granted.len() >= 5 * 14,
            "only {} permits in 15 s",
            granted.len()
        );
    }

    #[test]
    fn the_background_lane_leaves_the_reserve_to_interactive_calls() {
        let (mut w, t0, p) = (MemoryWindow::new(), Instant::now(), params(3));
        assert!(w.decide(1, Lane::Background, &p, t0).is_permit());
        assert!(w.decide(1, Lane::Background, &p, t0).is_permit());
        assert!(!w.decide(1, Lane::Background, &p, t0).is_permit());
        assert!(w.decide(1, Lane::Interactive, &p, t0).is_permit());
        assert!(!w.decide(1, Lane::Interactive, &p, t0).is_permit());
    }

    #[test]
    fn a_background_caller_waits_for_the_permit_that_brings_the_log_under_its_cap() {
        let (mut w, t0, p) = (MemoryWindow::new(), Instant::now(), params(3));
        for i in 0..3 {
            w.record(1, p.span(), t0 + ms(i * 100));
        }
        // Background cap 2: two of the three permits must end, the second ends at 100 + 1050.
        let d = w.decide(1, Lane::Background, &p, t0 + ms(200));
        assert_eq!(d, Decision::RetryIn(ms(950)));
    }

    #[test]
    fn a_block_answers_its_remaining_time_until_it_ends() {
        let (mut w, t0, p) = (MemoryWindow::new(), Instant::now(), params(3));
        w.block(1, t0 + ms(5000));
        w.block(1, t0 + ms(2000));
        assert_eq!(
            w.decide(1, Lane::Interactive, &p, t0 + ms(1000)),
            Decision::RetryIn(ms(4000))
        );
        assert!(w.decide(2, Lane::Interactive, &p, t0).is_permit());
        assert!(
            w.decide(1, Lane::Interactive, &p, t0 + ms(5000))
                .is_permit()
        );
    }

    #[test]
    fn permits_granted_from_memory_are_handed_to_redis_once() {
        let (mut w, t0, p) = (MemoryWindow::new(), Instant::now(), params(5));
        w.record(1, p.span(), t0);
        w.decide(1, Lane::Interactive, &p, t0 + ms(100));
        w.decide(2, Lane::Interactive, &p, t0 + ms(200));
        w.decide(3, Lane::Interactive, &p, t0);
        w.block(4, t0 + ms(5000));
        // Company 3's permit has left its span (1 050 ms) by then; company 1's first was shared.
        let mut unshared = w.take_unshared(p.span(), t0 + ms(1060));
        unshared.permits.sort();
        assert_eq!(
            unshared.permits,
            vec![(1, vec![ms(960)]), (2, vec![ms(860)])]
        );
        assert_eq!(unshared.blocks, vec![(4, ms(3940))]);
        assert!(w.take_unshared(p.span(), t0 + ms(1060)).permits.is_empty());
    }

    #[test]
    fn companies_with_empty_windows_are_swept() {
        let (mut w, t0, p) = (MemoryWindow::new(), Instant::now(), params(3));
        for company in 0..(SWEEP_EVERY as i64 - 1) {
            w.decide(company, Lane::Interactive, &p, t0);
        }
        w.decide(-1, Lane::Interactive, &p, t0 + ms(5000));
        assert_eq!(w.companies(), 1);
    }
}
