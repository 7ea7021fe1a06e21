//! Single flight: at most one `/auth` per company at a time across all instances. One caller
//! holds a Redis lock (`SET NX PX`, unique value, released by compare-and-delete); the others
//! wait for its token by polling Redis and PostgreSQL with a short backoff until a deadline.
//! This polling waits on another process's HTTP call, not on work to appear.

use std::time::{Duration, Instant};

/// First pause between two looks while another caller authenticates.
pub const FIRST_POLL: Duration = Duration::from_millis(20);
/// Longest pause between two looks (an `/auth` takes a few hundred ms).
pub const MAX_POLL: Duration = Duration::from_millis(250);

/// What a waiting caller saw on its last look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitState {
    /// A usable token is stored.
    pub token_ready: bool,
    /// The account was marked misconfigured (the holder got a credentials error).
    pub misconfigured: bool,
    /// Someone holds the lock.
    pub lock_held: bool,
}

/// What a waiting caller does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitStep {
    /// Take the stored token.
    Serve,
    /// Fail with the misconfiguration, without calling `/auth`.
    Misconfigured,
    /// The lock is free and there is still no token (the holder failed or its lock expired):
    /// try to take the lock.
    TryLock,
    /// Look again after this pause.
    Wait(Duration),
    /// The deadline passed.
    GiveUp,
}

/// The next step of a waiting caller.
pub fn wait_step(state: &WaitState, attempt: u32, now: Instant, deadline: Instant) -> WaitStep {
    if state.token_ready {
        return WaitStep::Serve;
    }
    if state.misconfigured {
        return WaitStep::Misconfigured;
    }
    if !state.lock_held {
        return WaitStep::TryLock;
    }
    if now >= deadline {
        return WaitStep::GiveUp;
    }
    WaitStep::Wait(poll_delay(attempt).min(deadline - now))
}

/// 20 ms, doubling per attempt, at most 250 ms.
pub fn poll_delay(attempt: u32) -> Duration {
    FIRST_POLL
        .saturating_mul(1u32.checked_shl(attempt.min(16)).unwrap_or(u32::MAX))
        .min(MAX_POLL)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(token_ready: bool, misconfigured: bool, lock_held: bool) -> WaitState {
        WaitState {
            token_ready,
            misconfigured,
            lock_held,
        }
    }

    #[test]
    fn a_stored_token_is_served_even_past_the_deadline() {
        let now = Instant::now();
        assert_eq!(
            wait_step(&state(true, false, true), 9, now, now),
            WaitStep::Serve
        );
    }

    #[test]
    fn a_misconfigured_account_fails_the_waiters_without_auth() {
        let now = Instant::now();
        let deadline = now + Duration::from_secs(5);
        assert_eq!(
            wait_step(&state(false, true, false), 0, now, deadline),
            WaitStep::Misconfigured
        );
    }

    #[test]
    fn a_released_lock_without_a_token_lets_a_waiter_try_the_lock() {
        let now = Instant::now();
        let deadline = now + Duration::from_secs(5);
        assert_eq!(
            wait_step(&state(false, false, false), 3, now, deadline),
            WaitStep::TryLock
        );
    }

    #[test]
    fn a_held_lock_means_wait_with_backoff_until_the_deadline() {
        let now = Instant::now();
        let deadline = now + Duration::from_secs(5);
        let held = state(false, false, true);
        assert_eq!(
            wait_step(&held, 0, now, deadline),
            WaitStep::Wait(FIRST_POLL)
        );
        assert_eq!(
            wait_step(&held, 30, now, deadline),
            WaitStep::Wait(MAX_POLL)
        );
        let close = deadline - Duration::from_millis(5);
        assert_eq!(
            wait_step(&held, 30, close, deadline),
            WaitStep::Wait(Duration::from_millis(5))
        );
        assert_eq!(wait_step(&held, 0, deadline, deadline), WaitStep::GiveUp);
    }

    #[test]
    fn the_poll_delay_doubles_and_is_capped() {
        assert_eq!(poll_delay(0), Duration::from_millis(20));
        assert_eq!(poll_delay(1), Duration::from_millis(40));
        assert_eq!(poll_delay(3), Duration::from_millis(160));
        assert_eq!(poll_delay(4), MAX_POLL);
        assert_eq!(poll_delay(u32::MAX), MAX_POLL);
    }
}
