//! A few seconds' memory of roles read from the CRM's user–company table.
//!
//! Kept in each process's memory rather than in Redis: a miss costs one indexed query, about
//! what a Redis round trip costs, so sharing the cache between instances would save nothing;
//! what the cache is for is a frontend's burst of calls, which lands on one instance's memory
//! just as well. A role changed in the CRM is seen by every instance within the TTL either way.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::Role;

/// What the table says about a user in a company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Membership {
    /// The user's role there.
    Member(Role),
    /// No row: the user does not belong to the company.
    NotMember,
}

/// Above this many entries, expired ones are dropped (and all, if none had expired).
const MAX_ENTRIES: usize = 10_000;

/// `(user, company) -> (membership, until)`.
#[derive(Debug)]
pub struct RoleCache {
    ttl: Duration,
    entries: Mutex<HashMap<(String, i64), (Membership, Instant)>>,
}

impl RoleCache {
    /// A cache whose entries live `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The membership remembered for `user` in `company`, unless it is older than the TTL.
    pub fn get(&self, user: &str, company: i64, now: Instant) -> Option<Membership> {
        let entries = self.entries.lock().expect("role cache lock");
        entries
            .get(&(user.to_string(), company))
            .filter(|(_, until)| now < *until)
            .map(|(membership, _)| *membership)
    }

    /// Remembers `membership` from `now`.
    pub fn put(&self, user: &str, company: i64, membership: Membership, now: Instant) {
        let mut entries = self.entries.lock().expect("role cache lock");
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (_, until)| now < *until);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert((user.to_string(), company), (membership, now + self.ttl));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_reused_until_its_ttl_then_forgotten() {
        let cache = RoleCache::new(Duration::from_secs(5));
        let t0 = Instant::now();
        cache.put("42", 7, Membership::Member(Role::Manager), t0);
        assert_eq!(
            cache.get("42", 7, t0 + Duration::from_millis(4999)),
            Some(Membership::Member(Role::Manager))
        );
        assert_eq!(cache.get("42", 7, t0 + Duration::from_secs(5)), None);
        assert_eq!(cache.get("42", 8, t0), None, "per company");
    }

    #[test]
    fn the_cache_stays_bounded() {
        let cache = RoleCache::new(Duration::from_secs(5));
        let t0 = Instant::now();
        for company in 0..(MAX_ENTRIES as i64 + 10) {
            cache.put("u", company, Membership::NotMember, t0);
        }
        assert!(cache.entries.lock().unwrap().len() <= MAX_ENTRIES);
    }
}
