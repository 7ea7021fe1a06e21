//! Each company's limit: `crm_dinamize_accounts.requests_per_minute` (per window), the
//! configured default for companies without an active account, cached briefly so a decision
//! does not cost a database query.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use log::warn;

use crate::db::DbPool;
use crate::db::schema::crm_dinamize_accounts;

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
        let limit = match read(db, company_id).await {
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

async fn read(db: &DbPool, company_id: i64) -> Result<Option<i32>, String> {
    let mut conn = db.get().await.map_err(|e| e.to_string())?;
    crm_dinamize_accounts::table
        .filter(crm_dinamize_accounts::company_id.eq(company_id))
        .filter(crm_dinamize_accounts::active.eq(true))
        .select(crm_dinamize_accounts::requests_per_minute)
        .first::<i32>(&mut conn)
        .await
        .optional()
        .map_err(|e| e.to_string())
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
