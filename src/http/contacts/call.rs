//! Sending a contact request through the `ApiClientActor` on the interactive lane, and the
//! mapping of every way it can fail to an HTTP answer: Dinamize's refusals 404/409/422, rate limits
//! 429 with `Retry-After`, a misconfigured account 503, Dinamize unreachable 502/504.

use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use serde_json::json;

use crate::actors::api_client::{Call, CallError};
use crate::actors::rate_limiter::Lane;
use crate::dinamize::{DinamizeCall, DinamizeError};
use crate::http::{ApiError, AppState};

/// Sends `request` for `company_id`, waiting at most the interactive deadline.
pub async fn call<C: DinamizeCall>(
    state: &AppState,
    company_id: i64,
    request: C,
) -> Result<C::Response, ApiError> {
    let deadline = Instant::now() + state.config.dinamize.interactive_deadline;
    let call = Call {
        company_id,
        request,
        lane: Lane::Interactive,
        deadline,
        prepaid: None,
    };
    match state.actors.api_client.send(call).await {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(error)) => Err(to_api_error(company_id, error)),
        Err(mailbox) => Err(ApiError::unavailable("the Dinamize client", &mailbox)),
    }
}

fn to_api_error(company_id: i64, error: CallError) -> ApiError {
    match error {
        CallError::Misconfigured { reason } => misconfigured(company_id, &reason),
        CallError::RateLimited { retry_after } => rate_limited(retry_after),
        CallError::Unavailable(reason) => {
            ApiError::unavailable("a dependency of the service", &reason)
        }
        CallError::Dinamize(error) => dinamize(company_id, error),
    }
}

fn misconfigured(company_id: i64, reason: &str) -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "dinamize_account_misconfigured",
        format!("the Dinamize account of company {company_id} is not usable: {reason}"),
    )
    .pt(format!(
        "a conta Dinamize da empresa {company_id} não pode ser usada: {reason}"
    ))
}

fn rate_limited(retry_after: Duration) -> ApiError {
    let secs = retry_after.as_secs_f64().ceil().max(1.0) as u64;
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        format!("the Dinamize limit is reached; retry in {secs} s"),
    )
    .pt(format!(
        "limite do Dinamize atingido; tente de novo em {secs} s"
    ))
    .with_retry_after(secs)
    .with_details(json!({ "retry_after_ms": retry_after.as_millis() as u64 }))
}

/// A contact or list that does not exist is 404, an e-mail already in the list 409; any other
/// refusal 422.
fn refusal_status(kind: &str) -> StatusCode {
    match kind {
        "not_found" | "list_not_found" => StatusCode::NOT_FOUND,
        "duplicate_contact" => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

fn dinamize(company_id: i64, error: DinamizeError) -> ApiError {
    let refusal = |code: &str, detail: &str, kind: &str, unique: &Option<String>| {
        ApiError::new(
            refusal_status(kind),
            "dinamize_refused",
            format!("Dinamize refused the request: {detail}"),
        )
        .pt(format!("o Dinamize recusou a requisição: {detail}"))
        .with_details(json!({ "dinamize_code": code, "kind": kind, "request_unique": unique }))
    };
    match &error {
        DinamizeError::RateLimited { retry_after, .. } => rate_limited(*retry_after),
        DinamizeError::Validation {
            kind,
            code,
            detail,
            request_unique,
        } => refusal(code, detail, kind.as_str(), request_unique),
        DinamizeError::Api {
            code,
            detail,
            request_unique,
        } => refusal(code, detail, "api_error", request_unique),
        DinamizeError::Auth { code, .. } => misconfigured(
            company_id,
            &format!("Dinamize refused the credentials (code {code})"),
        ),
        DinamizeError::Transport {
            timed_out: true, ..
        } => {
            log::warn!("company {company_id}: {error}");
            ApiError::new(
                StatusCode::GATEWAY_TIMEOUT,
                "dinamize_timeout",
                "Dinamize did not answer in time",
            )
        }
        DinamizeError::Encode { .. } => {
            log::error!("company {company_id}: {error}");
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "the request to Dinamize could not be built",
            )
        }
        _ => {
            log::warn!("company {company_id}: {error}");
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                "dinamize_unavailable",
                "Dinamize could not be reached or answered badly",
            )
        }
    }
}
