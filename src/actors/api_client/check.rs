//! Two recoveries for answers the notes do not describe.
//!
//! **Token check.** A call with a token answered a code that is neither success nor a known
//! refusal (`DinamizeError::Api`). If that code is Dinamize's real expired-token code (our
//! placeholder being wrong), every call of the company would fail until the token's 24 h are
//! up. So the call logs in again once (a limited slot, like any login; the old token stays in
//! place for every other call unless the login succeeds) and, when the request
//! can be repeated without side effects (reads, updates, deletes; an add first searches by
//! e-mail), repeats it once with the fresh token. Success: the old token was dead (counted,
//! logged with the setting to fix). The same code again: it is not about the token, and is
//! remembered so it never costs another login in this process (so is a code the login itself
//! answers).
//!
//! **An add whose answer cannot be read** (`body.code` missing): the contact may well exist
//! now, so it is looked up by its e-mail instead of failing after creating it. Which calls are
//! repeated and which are looked up first is said by each call (`DinamizeCall::REPEATABLE`,
//! `DinamizeCall::lookup`).

use super::actor::{Call, Parts, Scope};
use super::checks::TokenChecks;
use super::error::CallError;
use super::steps::{renew_within, send_limited};
use crate::dinamize::{ContactSearchRequest, DinamizeCall, DinamizeError};
use crate::tokens::TokenError;

/// Whether `error` is an unknown code not yet known to be unrelated to the token.
pub(super) fn wants_token_check(checks: &TokenChecks, error: &DinamizeError) -> bool {
    matches!(error, DinamizeError::Api { code, .. } if checks.worth_checking(code))
}

/// Logs in again, then repeats the call once when that is safe; see the module doc.
pub(super) async fn check_token<C: DinamizeCall>(
    parts: &Parts,
    call: &Call<C>,
    stale: &str,
    first: DinamizeError,
) -> Result<C::Response, CallError> {
    let code = first.code().unwrap_or_default().to_owned();
    let company_id = call.company_id;
    let scope = call.scope();
    log::error!(
        "company {company_id}: Dinamize answered code {code} ({first}) to {}, a code the service does not know; \
         checking the token by logging in again (if this code means an expired token, set DINAMIZE_CODE_EXPIRED_TOKEN={code})",
        C::NAME
    );
    parts.checks.started();
    let token = match renew_within(parts, &scope, stale).await? {
        Ok(token) => token,
        Err(error) => {
            // The login itself answered the code: it is not about the token.
            if let TokenError::Dinamize(e) = &error
                && e.code() == Some(code.as_str())
            {
                parts.checks.not_token_related(&code);
            }
            log::warn!("company {company_id}: token check failed ({error}); the token is kept");
            return Err(first.into());
        }
    };
    if !C::REPEATABLE {
        log::warn!(
            "company {company_id}: {} is not repeated after a token check",
            C::NAME
        );
        return Err(first.into());
    }
    if let Some(search) = call.request.lookup() {
        match lookup(parts, &scope, &token, &call.request, &search).await {
            Ok(Some(found)) => return Ok(found),
            Ok(None) => {}
            Err(_) => return Err(first.into()),
        }
    }
    let retried = send_limited(parts, &scope, &token, &call.request).await;
    judge(parts, company_id, &code, retried)
}

/// What the repeat with a fresh token says about `code`.
fn judge<R>(
    parts: &Parts,
    company_id: i64,
    code: &str,
    retried: Result<R, CallError>,
) -> Result<R, CallError> {
    match retried {
        Ok(response) => {
            parts.checks.dead_token(code);
            log::error!(
                "company {company_id}: a fresh token cured code {code}: the token was dead. \
                 Set DINAMIZE_CODE_EXPIRED_TOKEN={code}"
            );
            Ok(response)
        }
        Err(CallError::Dinamize(error)) if error.code() == Some(code) => {
            parts.checks.not_token_related(code);
            log::warn!(
                "company {company_id}: code {code} came back with a fresh token: not about the token; \
                 it will not trigger another login in this process"
            );
            Err(error.into())
        }
        Err(other) => Err(other),
    }
}

/// A create (an add) was answered with a success whose body could not be read: find what it
/// made with `search` (same token) rather than report a failure for a contact that now exists.
pub(super) async fn find_created<C: DinamizeCall>(
    parts: &Parts,
    call: &Call<C>,
    token: &str,
    search: &ContactSearchRequest,
    error: DinamizeError,
) -> Result<C::Response, CallError> {
    log::warn!(
        "company {}: the answer to {} could not be read ({error}); looking the contact up by e-mail",
        call.company_id,
        C::NAME
    );
    match lookup(parts, &call.scope(), token, &call.request, search).await {
        Ok(Some(found)) => Ok(found),
        Ok(None) | Err(_) => Err(error.into()),
    }
}

/// The answer `request` would have had, if `search` finds what it made.
async fn lookup<C: DinamizeCall>(
    parts: &Parts,
    scope: &Scope,
    token: &str,
    request: &C,
    search: &ContactSearchRequest,
) -> Result<Option<C::Response>, CallError> {
    let page = send_limited(parts, scope, token, search).await?;
    Ok(request.found(page))
}
