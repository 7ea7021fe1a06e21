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
//! now, so it is looked up by its e-mail instead of failing after creating it.

use super::actor::{Call, Parts};
use super::checks::TokenChecks;
use super::error::CallError;
use super::steps::{renew_within, send_limited};
use crate::dinamize::{
    ContactAddRequest, ContactAddResponse, ContactSearchRequest, DinamizeError, DinamizeRequest,
    DinamizeResponse,
};
use crate::tokens::TokenError;

/// Whether `error` is an unknown code not yet known to be unrelated to the token.
pub(super) fn wants_token_check(checks: &TokenChecks, error: &DinamizeError) -> bool {
    matches!(error, DinamizeError::Api { code, .. } if checks.worth_checking(code))
}

/// Logs in again, then repeats the call once when that is safe; see the module doc.
pub(super) async fn check_token(
    parts: &Parts,
    call: &Call,
    stale: &str,
    first: DinamizeError,
) -> Result<DinamizeResponse, CallError> {
    let code = first.code().unwrap_or_default().to_owned();
    let company_id = call.company_id;
    log::error!(
        "company {company_id}: Dinamize answered code {code} ({first}) to {}, a code the service does not know; \
         checking the token by logging in again (if this code means an expired token, set DINAMIZE_CODE_EXPIRED_TOKEN={code})",
        call.request.name()
    );
    parts.checks.started();
    let token = match renew_within(parts, call, stale).await? {
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
    let retried = match &call.request {
        DinamizeRequest::Import(_) => {
            log::warn!("company {company_id}: an import is not repeated after a token check");
            return Err(first.into());
        }
        DinamizeRequest::ContactAdd(add) => match search_email(parts, call, &token, add).await {
            Ok(Some(found)) => return Ok(added(found)),
            Ok(None) => send_limited(parts, call, &token, &call.request).await,
            Err(_) => return Err(first.into()),
        },
        request => send_limited(parts, call, &token, request).await,
    };
    judge(parts, company_id, &code, retried)
}

/// What the repeat with a fresh token says about `code`.
fn judge(
    parts: &Parts,
    company_id: i64,
    code: &str,
    retried: Result<DinamizeResponse, CallError>,
) -> Result<DinamizeResponse, CallError> {
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

/// An add was answered with a success whose body could not be read: find the contact by its
/// e-mail (with the same token) rather than report a failure for a contact that now exists.
pub(super) async fn find_added(
    parts: &Parts,
    call: &Call,
    token: &str,
    add: &ContactAddRequest,
    error: DinamizeError,
) -> Result<DinamizeResponse, CallError> {
    log::warn!(
        "company {}: the answer to an add could not be read ({error}); looking the contact up by e-mail",
        call.company_id
    );
    match search_email(parts, call, token, add).await {
        Ok(Some(code)) => Ok(added(code)),
        Ok(None) | Err(_) => Err(error.into()),
    }
}

/// The code of the contact with the add's e-mail in the add's list, if there is one.
async fn search_email(
    parts: &Parts,
    call: &Call,
    token: &str,
    add: &ContactAddRequest,
) -> Result<Option<String>, CallError> {
    let search = ContactSearchRequest::by_email(&add.contact_list_code, &add.email);
    let request = DinamizeRequest::ContactSearch(search);
    let DinamizeResponse::ContactSearch(page) = send_limited(parts, call, token, &request).await?
    else {
        return Ok(None);
    };
    let wanted = add.email.trim();
    Ok(page
        .items
        .into_iter()
        .find(|c| {
            c.email
                .as_deref()
                .is_some_and(|e| e.trim().eq_ignore_ascii_case(wanted))
        })
        .map(|c| c.code))
}

fn added(code: String) -> DinamizeResponse {
    DinamizeResponse::ContactAdd(ContactAddResponse { code })
}
