//! Each company's limit: `crm_dinamize_accounts.requests_per_minute` (per window), the
//! configured default for companies without an active account, cached briefly so a decision
//! does not cost a database query. The value comes from `accounts::active_limit`; the limiter
//! does not read the accounts table itself.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use log::warn;

use crate::accounts;
use crate::db::DbPool;

/// How long a company's limit is reused before it is read again: a changed limit takes effect
/// within this long, and a busy company costs one query per interval.
pub const LIMIT_CACHE_TTL: Duration = Duration::from_secs(30);

/// Where limits come from.
#[derive(Clone)]
pub enum LimitSource {
    /// The same limit for every company (benchmarks, tests).
    Fixed(u32),
    /// The company's active Dinamize account, else `default`.
    Accounts { db: DbPool, default: u32 },
}

/// A cached view of the per-company limits. Cheap to clone; clones share the cache.
#[derive(Clone)]
pub struct Limits {
    source: LimitSource,
    cache: Arc<Mutex<HashMap<i64, (u32, Instant)>>>,
}

impl Limits {
    /// Limits read from `source`.
    pub fn new(source: LimitSource) -> Self {
        Self {
            source,
            cache: Arc::default(),
        }
    }

    /// The limit of `company_id` per window. Never fails: a database error keeps the cached
    /// value, or uses the default.
    pub async fn of(&self, company_id: i64) -> u32 {
        let (db, default) = match &self.source {
            LimitSource::Fixed(limit) => return *limit,
            LimitSource::Accounts { db, default } => (db, *default),
        };
        let now = Instant::now();
        let cached = self.cache().get(&company_id).copied();
        if let Some(limit) = fresh(cached, now) {
            return limit;
        }
        let limit = match accounts::active_limit(db, company_id).await {
            Ok(found) => found.map_or(default, |n| n.max(1) as u32),
            Err(reason) => {
                warn!("rate limiter: cannot read company {company_id}'s limit ({reason})");
                cached.map_or(default, |(limit, _)| limit)
            }
        };
        self.cache().insert(company_id, (limit, now));
        limit
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, HashMap<i64, (u32, Instant)>> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The cached limit if it was read less than `LIMIT_CACHE_TTL` before `now`.
fn fresh(cached: Option<(u32, Instant)>, now: Instant) -> Option<u32> {
    let (limit, read_at) = cached?;
    (now.saturating_duration_since(read_at) < LIMIT_CACHE_TTL).then_some(limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_limit_is_reused_until_it_is_too_old() {
        let t0 = Instant::now();
        assert_eq!(
            fresh(Some((60, t0)), t0 + Duration::from_secs(29)),
            Some(60)
        );
        assert_eq!(fresh(Some((60, t0)), t0 + LIMIT_CACHE_TTL), None);
        assert_eq!(fresh(None, t0), None);
    }
}
