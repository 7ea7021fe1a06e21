//! The slow path of `TokenService`: take the company's `/auth` lock (Redis, across instances)
//! or wait for whoever holds it, then log in with the account's credentials and store the
//! token encrypted in PostgreSQL and Redis. Credentials errors mark the account misconfigured.

use std::time::Instant;

use crate::accounts::{self, Account};
use crate::crypto::Purpose;
use crate::dinamize::{AuthRequest, DinamizeError};

use super::backoff;
use super::error::TokenError;
use super::flight::{WaitState, WaitStep, wait_step};
use super::lock;
use super::pg_store;
use super::policy::TokenTimes;
use super::redis_store::CachedToken;
use super::service::{BACKOFF_KEY, LOCK_KEY, TokenService, WAIT_MARGIN};

impl TokenService {
    /// Obtains a token under the single-flight lock. The caller holds the in-process lock.
    /// `stale`: a token a call found refused; it is never the answer (a new login replaces it,
    /// while it stays in place for everyone else until then).
    pub(super) async fn obtain(
        &self,
        company_id: i64,
        stale: Option<&str>,
    ) -> Result<String, TokenError> {
        // Fail fast for a misconfigured account before queueing for the lock.
        self.usable_account(company_id).await?;
        let key = self.inner.redis.keys().company(LOCK_KEY, company_id);
        let deadline = Instant::now() + self.inner.lock_ttl + WAIT_MARGIN;
        loop {
            self.check_backoff(company_id).await?;
            let value = lock::unique_value();
            let taken = match self.redis_conn().await {
                Ok(mut conn) => lock::acquire(&mut conn, &key, &value, self.inner.lock_ttl).await,
                Err(e) => Err(e),
            };
            match taken {
                Ok(true) => {
                    let result = self.authenticate_locked(company_id, stale).await;
                    self.release(&key, &value).await;
                    return result;
                }
                Ok(false) => {}
                Err(e) => {
                    self.redis_failed(&e);
                    log::warn!(
                        "auth lock of company {company_id}: Redis unavailable ({e}); using the in-process lock only"
                    );
                    return self.authenticate_locked(company_id, stale).await;
                }
            }
            match self.wait_for_holder(company_id, &key, deadline).await? {
                // Another caller's login is still running (or none replaced the stale token yet).
                Some(token) if Some(token.as_str()) == stale => {
                    tokio::time::sleep(super::flight::poll_delay(0)).await;
                }
                Some(token) => return Ok(token),
                None => {}
            }
        }
    }

    /// Waits while another caller holds the lock: `Some(token)` once it stored one, `None` when
    /// the lock is free again without a token (then the caller tries to take it).
    async fn wait_for_holder(
        &self,
        company_id: i64,
        key: &str,
        deadline: Instant,
    ) -> Result<Option<String>, TokenError> {
        let mut attempt = 0;
        loop {
            let (state, token) = self.wait_state(company_id, key).await?;
            match wait_step(&state, attempt, Instant::now(), deadline) {
                WaitStep::Serve | WaitStep::TryLock => return Ok(token),
                WaitStep::Misconfigured => return Err(self.misconfigured(company_id).await),
                WaitStep::Wait(pause) => tokio::time::sleep(pause).await,
                WaitStep::GiveUp => {
                    return Err(TokenError::Unavailable(
                        "timed out waiting for another instance's /auth".into(),
                    ));
                }
            }
            attempt += 1;
        }
    }

    /// Fails fast while a recent `/auth` failure's pause is in force (see [`super::backoff`]).
    async fn check_backoff(&self, company_id: i64) -> Result<(), TokenError> {
        let key = self.inner.redis.keys().company(BACKOFF_KEY, company_id);
        let Ok(mut conn) = self.redis_conn().await else {
            return Ok(());
        };
        match backoff::get(&mut conn, &key).await {
            Ok(Some((marker, remaining))) => Err(backoff::to_error(&marker, remaining)),
            _ => Ok(()),
        }
    }

    /// Starts the pause after a failed `/auth`, when the failure calls for one.
    async fn start_backoff(&self, company_id: i64, error: &DinamizeError) {
        let Some(pause) = backoff::backoff_for(error) else {
            return;
        };
        let key = self.inner.redis.keys().company(BACKOFF_KEY, company_id);
        if let Ok(mut conn) = self.redis_conn().await
            && let Err(e) = backoff::set(&mut conn, &key, &backoff::marker(error), pause).await
        {
            log::debug!("auth back-off of company {company_id} not recorded: {e}");
        }
    }

    /// The account, unless it is missing, inactive or marked misconfigured.
    async fn usable_account(&self, company_id: i64) -> Result<Account, TokenError> {
        let account = accounts::load(&self.inner.db, company_id)
            .await
            .map_err(|e| TokenError::Unavailable(format!("PostgreSQL: {e}")))?;
        let Some(account) = account else {
            return Err(TokenError::Misconfigured {
                reason: "no Dinamize account is configured for this company".into(),
            });
        };
        if let Some(reason) = &account.misconfigured_reason {
            return Err(TokenError::Misconfigured {
                reason: reason.clone(),
            });
        }
        if !account.active {
            return Err(TokenError::Misconfigured {
                reason: "the company's Dinamize account is inactive".into(),
            });
        }
        Ok(account)
    }

    /// What a waiter sees: a usable token, a misconfiguration, whether the lock is held.
    async fn wait_state(
        &self,
        company_id: i64,
        key: &str,
    ) -> Result<(WaitState, Option<String>), TokenError> {
        let token = self.cached(company_id).await?;
        let misconfigured = token.is_none()
            && accounts::misconfigured_reason(&self.inner.db, company_id)
                .await
                .map_err(|e| TokenError::Unavailable(format!("PostgreSQL: {e}")))?
                .is_some();
        let lock_held = match self.redis_conn().await {
            Ok(mut conn) => lock::is_held(&mut conn, key).await.unwrap_or(false),
            Err(_) => false,
        };
        let state = WaitState {
            token_ready: token.is_some(),
            misconfigured,
            lock_held,
        };
        Ok((state, token))
    }

    async fn misconfigured(&self, company_id: i64) -> TokenError {
        let reason = accounts::misconfigured_reason(&self.inner.db, company_id)
            .await
            .ok()
            .flatten()
            .unwrap_or_else(|| "the Dinamize account is misconfigured".into());
        TokenError::Misconfigured { reason }
    }

    async fn release(&self, key: &str, value: &str) {
        let released = match self.redis_conn().await {
            Ok(mut conn) => lock::release(&mut conn, key, value).await,
            Err(e) => Err(e),
        };
        if let Err(e) = released {
            self.redis_failed(&e);
            log::warn!("auth lock not released (it expires by itself): {e}");
        }
    }

    /// Holding the lock: use a token stored meanwhile, or log in and store the new one. The
    /// account is read again here, under the lock: a previous holder may have marked it
    /// misconfigured (or new credentials may have arrived) since this caller started waiting.
    async fn authenticate_locked(
        &self,
        company_id: i64,
        stale: Option<&str>,
    ) -> Result<String, TokenError> {
        if let Some(token) = self.cached(company_id).await?
            && Some(token.as_str()) != stale
        {
            return Ok(token);
        }
        let account = self.usable_account(company_id).await?;
        let keyring = &self.inner.keyring;
        let password = keyring
            .decrypt(company_id, Purpose::Password, &account.password_encrypted)
            .map_err(|e| TokenError::Unavailable(format!("stored password unreadable: {e}")))?;
        let request = AuthRequest {
            user: account.api_user.clone(),
            password,
            client_code: account.client_code.clone(),
        };
        if let Some(gate) = self.inner.auth_gate.get()
            && let Err(retry_after) = gate(company_id).await
        {
            let limited = DinamizeError::RateLimited {
                retry_after,
                request_unique: None,
            };
            return Err(TokenError::Dinamize(limited));
        }
        log::info!("company {company_id}: authenticating with Dinamize");
        let answer = self.inner.client.auth(&request).await;
        crate::metrics::record::auth_call(&answer);
        match answer {
            Ok(answer) => self.store(company_id, &answer.auth_token).await,
            Err(DinamizeError::Auth { code, detail, .. }) => {
                let reason = format!(
                    "Dinamize refused the login (code {code}: {detail}); fix the account's credentials"
                );
                log::warn!("company {company_id}: {reason}");
                accounts::mark_misconfigured(&self.inner.db, company_id, &reason)
                    .await
                    .map_err(|e| TokenError::Unavailable(format!("PostgreSQL: {e}")))?;
                Err(TokenError::Misconfigured { reason })
            }
            Err(e) => {
                log::warn!("company {company_id}: Dinamize /auth failed: {e}");
                self.start_backoff(company_id, &e).await;
                Err(TokenError::Dinamize(e))
            }
        }
    }

    /// Stores a new token: PostgreSQL first (the record), then Redis.
    async fn store(&self, company_id: i64, token: &str) -> Result<String, TokenError> {
        let now = super::policy::now();
        let times = TokenTimes::fresh(now);
        let encrypted = self
            .inner
            .keyring
            .encrypt(company_id, Purpose::Token, token)
            .map_err(|e| TokenError::Unavailable(e.to_string()))?;
        let expires_at = times.hard_expiry(&self.inner.policy);
        let row_id = pg_store::insert(
            &self.inner.db,
            company_id,
            &encrypted,
            &self.inner.keyring,
            times,
            expires_at,
        )
        .await
        .map_err(|e| TokenError::Unavailable(format!("PostgreSQL: {e}")))?;
        let cached = CachedToken {
            token: encrypted,
            obtained_at: now,
            last_used_at: now,
            persisted_used_at: now,
        };
        self.put_redis(company_id, row_id, &cached, now).await;
        Ok(token.to_owned())
    }
}
