//! What the limiter is asked and what it answers: lanes, decisions and the window arithmetic
//! shared by the Redis script and the in-memory fallback.

use std::time::Duration;

/// Default guard margin. Chosen from the `ratelimit` benchmark (see the README): the time
/// between a decision in Redis and the request's arrival at the receiver stays far below it on
/// one machine, and at a 60 s window it costs under 0.1 % of the throughput.
pub const DEFAULT_GUARD: Duration = Duration::from_millis(50);

/// Default background reserve: 6 of Dinamize's 60 requests a minute stay free for the
/// frontend's interactive calls.
pub const DEFAULT_BACKGROUND_RESERVE: u32 = 6;

/// Which kind of caller asks for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lane {
    /// Frontend contact calls: may use the whole window.
    Interactive,
    /// Sync jobs: may use the window minus the background reserve, so a backlog never locks the
    /// frontend out.
    Background,
}

/// The limiter's answer. Never an error: when Redis fails the limiter answers from memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Send the request now; it has been counted.
    Permit,
    /// Nothing was counted; ask again after this long (the time until this lane's next slot
    /// frees, or until the company's block ends).
    RetryIn(Duration),
}

impl Decision {
    /// True for `Permit`.
    pub fn is_permit(&self) -> bool {
        matches!(self, Decision::Permit)
    }
}

/// The shape of one company's window for one decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowParams {
    /// Requests the receiver accepts in any window.
    pub limit: u32,
    /// The receiver's window length.
    pub window: Duration,
    /// How much longer than the window a permit keeps its slot, to absorb the delay between the
    /// decision and the request's arrival at the receiver.
    pub guard: Duration,
    /// Slots the background lane leaves to the interactive lane.
    pub background_reserve: u32,
}

impl WindowParams {
    /// How long one permit occupies its slot: window + guard. If every span of this length
    /// holds at most `limit` decisions and each request arrives within `guard` of its decision,
    /// then every receiver window holds at most `limit` arrivals.
    pub fn span(&self) -> Duration {
        self.window + self.guard
    }

    /// Slots reserved from `lane`, so that its cap is `limit - reserve`. The background lane
    /// always keeps at least one slot, whatever the configured reserve.
    pub fn reserve_for(&self, lane: Lane) -> u32 {
        match lane {
            Lane::Interactive => 0,
            Lane::Background => self.background_reserve.min(self.limit.saturating_sub(1)),
        }
    }

    /// Permits `lane` may hold in one span; at least 1 (a limit of 0 is treated as 1, so a
    /// misconfigured account slows down instead of stalling forever).
    pub fn cap(&self, lane: Lane) -> u32 {
        self.limit.max(1) - self.reserve_for(lane)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(limit: u32, reserve: u32) -> WindowParams {
        WindowParams {
            limit,
            window: Duration::from_millis(60_000),
            guard: Duration::from_millis(50),
            background_reserve: reserve,
        }
    }

    #[test]
    fn interactive_calls_may_use_the_whole_limit() {
        assert_eq!(params(60, 6).cap(Lane::Interactive), 60);
    }

    #[test]
    fn background_jobs_leave_the_reserve_free() {
        assert_eq!(params(60, 6).cap(Lane::Background), 54);
    }

    #[test]
    fn a_reserve_as_large_as_the_limit_still_leaves_background_one_slot() {
        assert_eq!(params(5, 6).cap(Lane::Background), 1);
        assert_eq!(params(1, 6).cap(Lane::Background), 1);
    }

    #[test]
    fn a_permit_occupies_the_window_plus_the_guard() {
        assert_eq!(params(60, 6).span(), Duration::from_millis(60_050));
    }
}
