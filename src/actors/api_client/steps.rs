//! The steps a call is made of, each waiting within the caller's deadline: a token, a permit,
//! the request (which moves the token's idle clock), and one request carried out to the end
//! (`send_limited`, used by the follow-up requests of a call).

use std::time::Instant;

use actix::MailboxError;

use super::actor::{Parts, Scope};
use super::error::CallError;
use super::plan::{NextStep, wait_or_give_up};
use crate::actors::rate_limiter::{Acquire, Block, Decision};
use crate::actors::token::{GetToken, Invalidate, Renew, Used};
use crate::dinamize::{DinamizeCall, DinamizeError};
use crate::tokens::TokenError;

/// The company's token; `None` after waiting out a rate limit on the login (ask again).
pub(super) async fn token_within(
    parts: &Parts,
    scope: &Scope,
) -> Result<Option<String>, CallError> {
    match token(parts, scope.company_id).await {
        Ok(token) => Ok(Some(token)),
        // No slot for the login itself: wait like for any other permit.
        Err(CallError::Dinamize(DinamizeError::RateLimited { retry_after, .. })) => {
            pause(wait_or_give_up(retry_after, Instant::now(), scope.deadline)).await?;
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// A new token replacing `stale` (see `Renew`), waiting out a rate limit on the login within
/// the deadline; the inner error when the login fails otherwise.
pub(super) async fn renew_within(
    parts: &Parts,
    scope: &Scope,
    stale: &str,
) -> Result<Result<String, TokenError>, CallError> {
    loop {
        let renew = Renew {
            company_id: scope.company_id,
            stale: stale.to_owned(),
        };
        match parts.tokens.send(renew).await.map_err(mailbox)? {
            Err(TokenError::Dinamize(DinamizeError::RateLimited { retry_after, .. })) => {
                pause(wait_or_give_up(retry_after, Instant::now(), scope.deadline)).await?;
            }
            other => return Ok(other),
        }
    }
}

/// A permit for one request (`prepaid`: the caller holds one good until then); `false` after
/// waiting for one (ask again).
pub(super) async fn permit(
    parts: &Parts,
    scope: &Scope,
    prepaid: Option<Instant>,
) -> Result<bool, CallError> {
    if prepaid.is_some_and(|use_by| Instant::now() <= use_by) {
        return Ok(true);
    }
    if prepaid.is_some() {
        log::debug!(
            "company {}: the job's permit expired before its request; asking again",
            scope.company_id
        );
    }
    let decision = parts
        .limiter
        .send(Acquire {
            company_id: scope.company_id,
            lane: scope.lane,
        })
        .await
        .map_err(mailbox)?;
    match decision {
        Decision::Permit => Ok(true),
        Decision::RetryIn(wait) => {
            pause(wait_or_give_up(wait, Instant::now(), scope.deadline)).await?;
            Ok(false)
        }
    }
}

/// Sends one request with `token`; the token's idle clock moves now, as Dinamize's does.
pub(super) async fn send<C: DinamizeCall>(
    parts: &Parts,
    company_id: i64,
    token: &str,
    request: &C,
) -> Result<C::Response, DinamizeError> {
    parts.tokens.do_send(Used { company_id });
    parts.client.send(token, request).await
}

/// One request with `token`, through the limiter, waiting out rate limits within the deadline.
pub(super) async fn send_limited<C: DinamizeCall>(
    parts: &Parts,
    scope: &Scope,
    token: &str,
    request: &C,
) -> Result<C::Response, CallError> {
    loop {
        if !permit(parts, scope, None).await? {
            continue;
        }
        match send(parts, scope.company_id, token, request).await {
            Err(DinamizeError::RateLimited { retry_after, .. }) => {
                note_limit(parts, scope.company_id, retry_after);
                pause(wait_or_give_up(retry_after, Instant::now(), scope.deadline)).await?;
            }
            other => return other.map_err(CallError::from),
        }
    }
}

/// After a 240024: Dinamize counted more than we did, so every instance holds off the company.
pub(super) fn note_rate_limit(parts: &Parts, company_id: i64, error: &DinamizeError) {
    if let DinamizeError::RateLimited { retry_after, .. } = error {
        note_limit(parts, company_id, *retry_after);
    }
}

fn note_limit(parts: &Parts, company_id: i64, retry_after: std::time::Duration) {
    parts.limiter.do_send(Block {
        company_id,
        retry_after,
    });
    log::warn!("company {company_id}: Dinamize answered 240024, blocked for {retry_after:?}");
}

/// Drops the company's token everywhere (the next `GetToken` logs in).
pub(super) async fn invalidate(parts: &Parts, company_id: i64) -> Result<(), CallError> {
    parts
        .tokens
        .send(Invalidate { company_id })
        .await
        .map_err(mailbox)
}

/// Waits for `Wait`, turns `TooLate` into the caller's 429.
pub(super) async fn pause(step: NextStep) -> Result<(), CallError> {
    match step {
        NextStep::Wait(wait) => {
            tokio::time::sleep(wait).await;
            Ok(())
        }
        NextStep::TooLate(retry_after) => Err(CallError::RateLimited { retry_after }),
        NextStep::Reauthenticate | NextStep::GiveUp => Ok(()),
    }
}

async fn token(parts: &Parts, company_id: i64) -> Result<String, CallError> {
    match parts
        .tokens
        .send(GetToken { company_id })
        .await
        .map_err(mailbox)?
    {
        Ok(token) => Ok(token),
        Err(TokenError::Misconfigured { reason }) => Err(CallError::Misconfigured { reason }),
        Err(TokenError::Dinamize(error)) => Err(CallError::Dinamize(error)),
        Err(TokenError::Unavailable(reason)) => Err(CallError::Unavailable(reason)),
    }
}

fn mailbox(error: MailboxError) -> CallError {
    CallError::Unavailable(format!("actor mailbox: {error}"))
}
