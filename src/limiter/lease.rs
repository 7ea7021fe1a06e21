//! Permits taken ahead. When one company's decisions come faster than round trips (callers
//! queue up while a round is on the wire), the next round also asks Redis for a few permits
//! beyond its callers; this instance holds them for `LEASE_FOR` and hands them out without a
//! round trip. What a lease cannot take away:
//!
//! - **The limit.** The permits are counted in Redis when granted, like any other, so every
//!   instance sees them. Their score is the grant time plus `LEASE_FOR`, so each occupies the
//!   window from its grant until `LEASE_FOR` + window + guard later: a permit handed out late
//!   in its lease still has the whole window and guard after it, as a fresh one would.
//! - **The other lanes and instances.** The script grants them only while the window stays at
//!   most half full of the background lane's cap (`Ahead::up_to`), and unused ones are removed
//!   from Redis when the lease ends, so a lease holds a quiet account's capacity for at most
//!   `LEASE_FOR` and never the slots a busy window has left.
//!
//! - **Blocks.** A block (a 240024 answer) drops this instance's leases at once; one set by
//!   another instance is seen at this instance's next round trip, so a lease may still hand
//!   out its permits for up to `LEASE_FOR` after it (each counted, none over the limit).
//!
//! How many: a company starts without a lease; a round of two or more callers asks for as many
//! again; a lease used up doubles the next (up to the limiter's `max_ahead`), a lease that ends
//! with permits left halves it. A lone caller now and then (60 a minute) never leases.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a lease's permits may be handed out after the grant.
pub const LEASE_FOR: Duration = Duration::from_millis(20);

/// Most permits one round asks beyond its callers, by default.
pub const MAX_AHEAD: u32 = 256;

/// What a round asks beyond its callers (see `sliding_window.lua`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ahead {
    /// Permits wanted beyond the round's callers (0: none).
    pub permits: u32,
    /// How much later than the grant their scores are (the lease's length).
    pub later: Duration,
    /// The window may hold at most this many permits once they are added.
    pub up_to: u32,
}

impl Ahead {
    /// Nothing beyond the callers.
    pub const NONE: Ahead = Ahead {
        permits: 0,
        later: Duration::ZERO,
        up_to: 0,
    };
}

/// Permits ending unused: the member indices `range` of the round `token` (see
/// `script::lease_member`), to remove from the company's window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unused {
    /// The round that granted them.
    pub token: String,
    /// Their indices in that round.
    pub range: Range<u32>,
}

#[derive(Default)]
struct Company {
    /// Permits the next round asks beyond its callers.
    ahead: u32,
    held: Option<Held>,
}

struct Held {
    token: String,
    next: u32,
    granted: u32,
    until: Instant,
}

/// Every company's lease (keyed by company and limit, like the rounds).
pub struct Leases {
    companies: Mutex<HashMap<(i64, u32), Company>>,
    max_ahead: u32,
}

impl Leases {
    /// Leases of at most `max_ahead` permits each (0: never lease).
    pub fn new(max_ahead: u32) -> Self {
        Self {
            companies: Mutex::default(),
            max_ahead,
        }
    }

    /// Takes one of the company's leased permits, if a lease is held and in date at `now`.
    pub fn take(&self, company_id: i64, limit: u32, now: Instant) -> bool {
        let mut companies = self.lock();
        let Some(company) = companies.get_mut(&(company_id, limit)) else {
            return false;
        };
        let Some(held) = company.held.as_mut().filter(|h| now <= h.until) else {
            return false;
        };
        held.next += 1;
        if held.next == held.granted {
            company.ahead = held.granted.saturating_mul(2).min(self.max_ahead);
            company.held = None;
        }
        true
    }

    /// How many permits a round of `callers` should ask beyond them.
    pub fn wanted(&self, company_id: i64, limit: u32, callers: usize) -> u32 {
        let held = self.lock().get(&(company_id, limit)).map_or(0, |c| c.ahead);
        let fresh = if callers >= 2 { callers as u32 } else { 0 };
        held.max(fresh).min(self.max_ahead)
    }

    /// Holds `granted` permits of round `token` until `until`. A lease still held (ended, its
    /// expiry not yet run) is replaced: its unused permits are answered, to be removed.
    pub fn hold(
        &self,
        company_id: i64,
        limit: u32,
        token: &str,
        granted: u32,
        until: Instant,
    ) -> Option<Unused> {
        let mut companies = self.lock();
        let company = companies.entry((company_id, limit)).or_default();
        company.ahead = company.ahead.max(granted);
        let held = Held {
            token: token.to_owned(),
            next: 0,
            granted,
            until,
        };
        company.held.replace(held).map(|old| unused(&old))
    }

    /// Ends round `token`'s lease if it is still held, answering its unused permits; it was not
    /// used up, so the next lease is half as big (none once it reaches 0).
    pub fn end(&self, company_id: i64, limit: u32, token: &str) -> Option<Unused> {
        let mut companies = self.lock();
        let key = (company_id, limit);
        let company = companies.get_mut(&key)?;
        if company.held.as_ref().is_none_or(|h| h.token != token) {
            return None;
        }
        let held = company.held.take()?;
        company.ahead /= 2;
        if company.ahead == 0 {
            companies.remove(&key);
        }
        Some(unused(&held))
    }

    /// Drops every lease of `company_id` (it is blocked); the permits stay counted until they
    /// end, the safe side.
    pub fn forget(&self, company_id: i64) {
        self.lock().retain(|(company, _), _| *company != company_id);
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<(i64, u32), Company>> {
        self.companies
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn unused(held: &Held) -> Unused {
    Unused {
        token: held.token.clone(),
        range: held.next..held.granted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn a_lone_caller_never_leases_and_a_crowd_asks_for_as_many_again() {
        let leases = Leases::new(MAX_AHEAD);
        assert_eq!(leases.wanted(1, 60, 1), 0);
        assert_eq!(leases.wanted(1, 60, 4), 4);
        assert_eq!(leases.wanted(1, 60, 1000), MAX_AHEAD);
        assert!(!leases.take(1, 60, Instant::now()), "nothing held");
    }

    #[test]
    fn a_lease_hands_out_its_permits_until_used_up_then_the_next_is_twice_as_big() {
        let leases = Leases::new(MAX_AHEAD);
        let now = Instant::now();
        assert_eq!(leases.hold(1, 60, "r1", 3, now + ms(20)), None);
        assert!((0..3).all(|_| leases.take(1, 60, now)));
        assert!(!leases.take(1, 60, now), "used up");
        assert!(!leases.take(2, 60, now), "another company's own");
        assert_eq!(leases.wanted(1, 60, 1), 6);
        assert_eq!(leases.end(1, 60, "r1"), None, "nothing left to end");
    }

    #[test]
    fn a_lease_out_of_date_hands_out_nothing_and_ends_with_its_unused_permits() {
        let leases = Leases::new(MAX_AHEAD);
        let now = Instant::now();
        leases.hold(1, 60, "r1", 8, now + ms(20));
        assert!(leases.take(1, 60, now + ms(20)));
        assert!(!leases.take(1, 60, now + ms(21)), "past its end");
        let unused = leases.end(1, 60, "r1").unwrap();
        assert_eq!((unused.token.as_str(), unused.range), ("r1", 1..8));
        assert_eq!(leases.wanted(1, 60, 1), 4, "halved");
        assert_eq!(leases.end(1, 60, "r1"), None, "ended once");
    }

    #[test]
    fn a_new_lease_replaces_one_not_yet_ended_and_a_block_drops_them() {
        let leases = Leases::new(MAX_AHEAD);
        let now = Instant::now();
        leases.hold(1, 60, "r1", 4, now);
        let replaced = leases.hold(1, 60, "r2", 4, now + ms(40)).unwrap();
        assert_eq!((replaced.token.as_str(), replaced.range), ("r1", 0..4));
        assert_eq!(leases.end(1, 60, "r1"), None, "r2 is held, not r1");
        leases.forget(1);
        assert!(!leases.take(1, 60, now));
    }

    #[test]
    fn max_ahead_zero_turns_leasing_off() {
        let leases = Leases::new(0);
        assert_eq!(leases.wanted(1, 60, 50), 0);
    }
}
