//! `TokenService`: the token flow behind `TokenActor`. Redis → PostgreSQL → `/auth`, with an
//! in-process lock per company (so one instance sends one caller to the slow path) and the
//! Redis single-flight lock across instances (or the in-process lock alone when Redis is down).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ::redis::aio::ConnectionManager;
use ::redis::{ErrorKind, RedisError, RedisResult};

use crate::accounts::{self, AccountError, Credentials};
use crate::config::Config;
use crate::crypto::Keyring;
use crate::db::DbPool;
use crate::dinamize::DinamizeClient;
use crate::redis::RedisHandle;

use super::error::TokenError;
use super::policy::TokenPolicy;
use super::{pg_store, redis_store};

/// Redis key kind of the cached token (`<prefix>token:{<company>}`).
pub const TOKEN_KEY: &str = "token";
/// Redis key kind of the `/auth` lock (`<prefix>token_lock:{<company>}`).
pub const LOCK_KEY: &str = "token_lock";
/// Redis key kind of the pause after a failed `/auth` (`<prefix>token_backoff:{<company>}`).
pub const BACKOFF_KEY: &str = "token_backoff";
/// Added to the request timeout to get the lock's expiry: a holder that dies frees the lock
/// this long after its `/auth` could at most have taken.
pub const LOCK_MARGIN: Duration = Duration::from_secs(10);
/// Added to the lock expiry to get a waiter's deadline: after a dead holder's lock expires a
/// waiter still has time to take the lock and authenticate itself.
pub const WAIT_MARGIN: Duration = Duration::from_secs(5);

/// After a Redis connection failure the token flow leaves Redis alone this long (PostgreSQL and
/// the in-process lock serve meanwhile), so an outage costs one connect timeout per interval
/// instead of several per call.
pub const REDIS_PAUSE: Duration = Duration::from_secs(5);

/// Everything the token flow needs. Cheap to clone.
#[derive(Clone)]
pub struct TokenService {
    pub(super) inner: Arc<Inner>,
}

pub(super) struct Inner {
    pub(super) db: DbPool,
    pub(super) redis: RedisHandle,
    pub(super) keyring: Keyring,
    pub(super) client: DinamizeClient,
    pub(super) policy: TokenPolicy,
    /// How long the Redis `/auth` lock lives.
    pub(super) lock_ttl: Duration,
    /// In-process lock per company around the slow path.
    locals: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
    /// Until when Redis is skipped after a connection failure.
    redis_paused_until: Mutex<Option<Instant>>,
    /// Asked before each `/auth`: Dinamize counts logins against the account's limit too.
    pub(super) auth_gate: std::sync::OnceLock<AuthGate>,
}

/// Decides whether an `/auth` call may go now (`Ok`) or only after a wait (`Err(wait)`); the
/// service wires the rate limiter in here, so logins take a slot of the account's window.
pub type AuthGate = Arc<
    dyn Fn(i64) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), Duration>> + Send>>
        + Send
        + Sync,
>;

impl TokenService {
    /// Builds the service. `request_timeout` is the Dinamize client's timeout (it bounds `/auth`).
    pub fn new(
        db: DbPool,
        redis: RedisHandle,
        keyring: Keyring,
        client: DinamizeClient,
        policy: TokenPolicy,
        request_timeout: Duration,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                db,
                redis,
                keyring,
                client,
                policy,
                lock_ttl: request_timeout + LOCK_MARGIN,
                locals: Mutex::new(HashMap::new()),
                auth_gate: std::sync::OnceLock::new(),
                redis_paused_until: Mutex::new(None),
            }),
        }
    }

    /// Builds the service from the configuration (keyring from `ENCRYPT_TOKEN_*`, lifetimes from
    /// `DINAMIZE_TOKEN_*` and `REDIS_TTL`, lock expiry from `DINAMIZE_REQUEST_TIMEOUT`).
    pub fn from_config(
        config: &Config,
        db: DbPool,
        redis: RedisHandle,
        client: DinamizeClient,
    ) -> Self {
        let dinamize = &config.dinamize;
        let policy = TokenPolicy::new(
            dinamize.token_idle_minutes,
            dinamize.token_max_age_hours,
            dinamize.token_renew_before_minutes,
            config.redis.ttl_secs,
        );
        Self::new(
            db,
            redis,
            config.crypto.keyring(),
            client,
            policy,
            dinamize.request_timeout,
        )
    }

    /// The keyring (for callers that store credentials through `accounts::set_credentials`).
    pub fn keyring(&self) -> &Keyring {
        &self.inner.keyring
    }

    /// Makes every `/auth` ask `gate` first (set once, at start-up).
    pub fn set_auth_gate(&self, gate: AuthGate) {
        let _ = self.inner.auth_gate.set(gate);
    }

    /// The PostgreSQL pool.
    pub fn db(&self) -> &DbPool {
        &self.inner.db
    }

    /// A valid token for `company_id`: cached if one is usable, otherwise obtained (once per
    /// company across all instances).
    pub async fn get_token(&self, company_id: i64) -> Result<String, TokenError> {
        if let Some(token) = self.cached(company_id).await? {
            return Ok(token);
        }
        let local = self.local_lock(company_id);
        let _held = local.lock().await;
        // Another caller of this instance may have obtained it while we queued.
        if let Some(token) = self.cached(company_id).await? {
            return Ok(token);
        }
        self.obtain(company_id, None).await
    }

    /// A new token replacing `stale` (one a call suspects is dead), without dropping `stale`
    /// first: if the login fails, the company keeps the token it had. A token stored by another
    /// caller meanwhile (not `stale`) is answered as is.
    pub async fn renew(&self, company_id: i64, stale: &str) -> Result<String, TokenError> {
        let local = self.local_lock(company_id);
        let _held = local.lock().await;
        if let Some(token) = self.cached(company_id).await?
            && token != stale
        {
            return Ok(token);
        }
        self.obtain(company_id, Some(stale)).await
    }

    /// Forgets the company's token everywhere (PostgreSQL row inactive, Redis tombstone), after
    /// Dinamize said it expired or the credentials changed. Failures are logged, not returned:
    /// the worst outcome is one more expired-token answer.
    pub async fn invalidate(&self, company_id: i64) {
        let row = match pg_store::deactivate(&self.inner.db, company_id).await {
            Ok(row) => row,
            Err(e) => {
                log::warn!("token invalidation for company {company_id}: PostgreSQL: {e}");
                None
            }
        };
        let key = self.inner.redis.keys().company(TOKEN_KEY, company_id);
        let result = match self.inner.redis.connection().await {
            Ok(mut conn) => redis_store::revoke(&mut conn, &key, row).await,
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            self.redis_failed(&e);
            log::warn!("token invalidation for company {company_id}: Redis: {e}");
        }
        log::info!("token of company {company_id} invalidated");
    }

    /// Replaces the company's credentials (password encrypted, misconfigured mark cleared) and
    /// drops its token everywhere, so the next `GetToken` logs in with the new credentials.
    pub async fn replace_credentials(
        &self,
        company_id: i64,
        credentials: &Credentials,
    ) -> Result<(), AccountError> {
        accounts::set_credentials(&self.inner.db, &self.inner.keyring, company_id, credentials)
            .await?;
        self.invalidate(company_id).await;
        Ok(())
    }

    /// The Redis connection, unless Redis failed less than [`REDIS_PAUSE`] ago.
    pub(super) async fn redis_conn(&self) -> RedisResult<ConnectionManager> {
        if self.redis_paused() {
            return Err(skipped());
        }
        let conn = self.inner.redis.connection().await;
        if let Err(e) = &conn {
            self.redis_failed(e);
        }
        conn
    }

    fn redis_paused(&self) -> bool {
        let paused = self.inner.redis_paused_until.lock();
        let paused = paused.unwrap_or_else(|e| e.into_inner());
        paused.is_some_and(|until| Instant::now() < until)
    }

    /// Notes a Redis error; a connection-level one pauses the use of Redis.
    pub(super) fn redis_failed(&self, error: &RedisError) {
        if !is_connection_level(error) {
            return;
        }
        let mut paused = self
            .inner
            .redis_paused_until
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if paused.is_none_or(|until| Instant::now() >= until) {
            log::warn!("tokens: Redis unreachable ({error}); PostgreSQL only for {REDIS_PAUSE:?}");
        }
        *paused = Some(Instant::now() + REDIS_PAUSE);
    }

    fn local_lock(&self, company_id: i64) -> Arc<tokio::sync::Mutex<()>> {
        let mut locals = self.inner.locals.lock().unwrap_or_else(|e| e.into_inner());
        locals.entry(company_id).or_default().clone()
    }
}

/// The error of a skipped Redis call: not connection-level, so noting it does not extend the
/// pause (Redis is tried again when the pause ends).
fn skipped() -> RedisError {
    (ErrorKind::Client, "Redis skipped after a recent failure").into()
}

/// Errors that say Redis is unreachable (as opposed to a bad command or reply).
fn is_connection_level(error: &RedisError) -> bool {
    error.is_io_error()
        || error.is_timeout()
        || error.is_connection_dropped()
        || error.is_connection_refusal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skipped_call_does_not_extend_the_pause_but_a_dead_socket_does() {
        assert!(!is_connection_level(&skipped()));
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(is_connection_level(&RedisError::from(refused)));
        let script: RedisError = (ErrorKind::UnexpectedReturnType, "bad reply").into();
        assert!(!is_connection_level(&script));
    }
}
