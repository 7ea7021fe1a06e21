//! The fast path of `TokenService`: Redis, then PostgreSQL, each serving only a token that
//! does not need renewal. Handing a token out does not move its idle clock: only a request
//! actually sent with it does ([`TokenService::record_use`], see [`super::touch`]), so a token
//! handed out to callers that never reach Dinamize (rate-limited, timed out) still ages, and
//! one Dinamize has stopped accepting is not kept "fresh" by our own hand-outs.

use chrono::{DateTime, Utc};

use crate::crypto::Purpose;
use crate::metrics::record::{self, Layer};

use super::error::TokenError;
use super::lookup::{Found, Stage, Step, backfill_redis, next_step};
use super::pg_store::{self, StoredToken};
use super::redis_store::{self, CachedToken, Entry};
use super::service::{TOKEN_KEY, TokenService};
use super::touch::plan_touch;

impl TokenService {
    /// A usable stored token, or `None` when `/auth` is needed. Errors only when PostgreSQL
    /// cannot be asked (Redis trouble just falls through to PostgreSQL).
    pub(super) async fn cached(&self, company_id: i64) -> Result<Option<String>, TokenError> {
        let now = super::policy::now();
        let policy = &self.inner.policy;
        let (redis_found, entry) = self.read_redis(company_id).await;
        if next_step(Stage::Redis, &redis_found, now, policy) == Step::Serve
            && let Some((_, token)) = entry
        {
            record::token_lookup(Layer::Redis, true);
            return Ok(Some(token));
        }
        record::token_lookup(Layer::Redis, false);
        let stored = pg_store::active(&self.inner.db, company_id)
            .await
            .map_err(|e| TokenError::Unavailable(format!("PostgreSQL: {e}")))?;
        let Some((row, token)) = stored.and_then(|row| self.open_row(company_id, row)) else {
            record::token_lookup(Layer::Postgres, false);
            return Ok(None);
        };
        let found = Found::Present(row.times());
        let served = next_step(Stage::Postgres, &found, now, policy) == Step::Serve;
        record::token_lookup(Layer::Postgres, served);
        if !served {
            return Ok(None);
        }
        if backfill_redis(&redis_found) {
            self.backfill(company_id, &row, now).await;
        }
        Ok(Some(token))
    }

    /// A request was just sent with the company's current token: move its idle clock to now
    /// (Redis by compare-and-set; PostgreSQL when its copy is due, or when Redis is down).
    pub async fn record_use(&self, company_id: i64) {
        let now = super::policy::now();
        if let (Found::Present(_), Some((entry, _))) = self.read_redis(company_id).await {
            self.touch_redis(company_id, &entry, now).await;
            return;
        }
        match pg_store::active(&self.inner.db, company_id).await {
            Ok(Some(row)) => {
                let touch = plan_touch(row.last_used_at, row.last_used_at, now);
                if touch.persist {
                    self.persist_use(row.id, touch.last_used_at).await;
                }
            }
            Ok(None) => {}
            Err(e) => log::debug!("token use of company {company_id} not recorded: {e}"),
        }
    }

    /// Reads and decrypts the Redis copy. An unreadable or undecryptable value is a miss.
    async fn read_redis(&self, company_id: i64) -> (Found, Option<(Entry, String)>) {
        let key = self.inner.redis.keys().company(TOKEN_KEY, company_id);
        let read = match self.redis_conn().await {
            Ok(mut conn) => redis_store::read(&mut conn, &key).await,
            Err(e) => Err(e),
        };
        let entry = match read {
            Ok(Some(entry)) => entry,
            Ok(None) => return (Found::Missing, None),
            Err(e) => {
                self.redis_failed(&e);
                log::debug!("token cache of company {company_id}: Redis unavailable: {e}");
                return (Found::Unavailable, None);
            }
        };
        let keyring = &self.inner.keyring;
        match keyring.decrypt(company_id, Purpose::Token, &entry.cached.token) {
            Ok(token) => (Found::Present(entry.cached.times()), Some((entry, token))),
            Err(e) => {
                log::warn!("cached token of company {company_id} unreadable ({e}); ignoring it");
                (Found::Missing, None)
            }
        }
    }

    /// Decrypts a `crm_auth_tokens` row; an unreadable one is treated as absent (logged).
    fn open_row(&self, company_id: i64, row: StoredToken) -> Option<(StoredToken, String)> {
        match self
            .inner
            .keyring
            .decrypt(company_id, Purpose::Token, &row.token_encrypted)
        {
            Ok(token) => Some((row, token)),
            Err(e) => {
                log::warn!(
                    "stored token {} of company {company_id} unreadable ({e})",
                    row.id
                );
                None
            }
        }
    }

    /// A use served from Redis: compare-and-set the new last use; the winner also writes
    /// PostgreSQL when its copy is due.
    async fn touch_redis(&self, company_id: i64, entry: &Entry, now: DateTime<Utc>) {
        let old = &entry.cached;
        let touch = plan_touch(old.last_used_at, old.persisted_used_at, now);
        let cached = CachedToken {
            last_used_at: touch.last_used_at,
            persisted_used_at: touch.persisted_used_at,
            ..old.clone()
        };
        let Some(ttl) = cached.times().redis_ttl(now, &self.inner.policy) else {
            return;
        };
        let key = self.inner.redis.keys().company(TOKEN_KEY, company_id);
        let won = match self.redis_conn().await {
            Ok(mut conn) => redis_store::swap(&mut conn, &key, entry, &cached, ttl).await,
            Err(e) => Err(e),
        };
        match won {
            Ok(true) if touch.persist => self.persist_use(entry.row_id, touch.last_used_at).await,
            Ok(_) => {}
            Err(e) => {
                self.redis_failed(&e);
                log::debug!("token use of company {company_id} not recorded in Redis: {e}");
            }
        }
    }

    /// Copies a token served from PostgreSQL back to Redis (so the next hand-out is served
    /// from there), with the row's own times.
    async fn backfill(&self, company_id: i64, row: &StoredToken, now: DateTime<Utc>) {
        let cached = CachedToken {
            token: row.token_encrypted.clone(),
            obtained_at: row.obtained_at,
            last_used_at: row.last_used_at,
            persisted_used_at: row.last_used_at,
        };
        self.put_redis(company_id, row.id, &cached, now).await;
    }

    /// Writes the Redis copy of row `row_id` (never over a newer row or a tombstone).
    pub(super) async fn put_redis(
        &self,
        company_id: i64,
        row_id: i64,
        cached: &CachedToken,
        now: DateTime<Utc>,
    ) {
        let Some(ttl) = cached.times().redis_ttl(now, &self.inner.policy) else {
            return;
        };
        let key = self.inner.redis.keys().company(TOKEN_KEY, company_id);
        let result = match self.redis_conn().await {
            Ok(mut conn) => redis_store::put(&mut conn, &key, row_id, cached, ttl).await,
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            self.redis_failed(&e);
            log::debug!("token of company {company_id} not cached in Redis: {e}");
        }
    }

    async fn persist_use(&self, row_id: i64, at: DateTime<Utc>) {
        if let Err(e) = pg_store::touch(&self.inner.db, row_id, at).await {
            log::warn!("last use of token {row_id} not recorded in PostgreSQL: {e}");
        }
    }
}
