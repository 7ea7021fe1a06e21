//! What every Dinamize route does before its own work, in this order: journal the request,
//! apply the faults (latency, storm, timeout, error rate), check the `auth-token` (every route
//! but `/auth`), count the request against its client code's limit, then read the body.
//! Refused and faulted requests are not counted against the limit.

use super::{auth, body, dispatch};
use crate::dinamize::codes;
use crate::sim::envelope::Fail;
use crate::sim::faults::FaultOutcome;
use crate::sim::journal::JournalEntry;
use crate::sim::limit::{Admission, retry_after_secs};
use crate::sim::state::SimState;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use serde_json::{Map, Value, json};
use std::time::Duration;

/// The Dinamize calls the simulator serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Auth,
    ContactSearch,
    ContactAdd,
    ContactGet,
    ContactUpdate,
    ContactDelete,
    ListSearch,
    FieldSearch,
    LovSearch,
    Import,
    ImportGet,
}

/// Every Dinamize path and its call.
pub const ROUTES: &[(&str, Op)] = &[
    ("/auth", Op::Auth),
    ("/emkt/contact/search", Op::ContactSearch),
    ("/emkt/contact/add", Op::ContactAdd),
    ("/emkt/contact/get", Op::ContactGet),
    ("/emkt/contact/update", Op::ContactUpdate),
    ("/emkt/contact/delete", Op::ContactDelete),
    ("/emkt/contact-list/search", Op::ListSearch),
    ("/emkt/field/search", Op::FieldSearch),
    ("/emkt/field-lov/search", Op::LovSearch),
    ("/emkt/contact", Op::Import),
    ("/emkt/import/get", Op::ImportGet),
];

/// Serves one Dinamize request and journals it with the code it got.
pub async fn serve(
    state: web::Data<SimState>,
    req: HttpRequest,
    payload: web::Payload,
    op: Op,
) -> HttpResponse {
    let mut entry = JournalEntry::new(Utc::now(), req.method().as_str(), req.path(), headers(&req));
    let body = body::read(&req, payload, op == Op::Import).await;
    entry.body = match &body {
        Ok(value) => value.clone(),
        Err(raw) => raw.journal.clone(),
    };
    let id = state.journal_push(entry);
    let (code, mut response) = answer(&state, &req, body.map_err(|e| e.fail), op).await;
    state.journal_answered(id, &code);
    if let Some(status) = state.faults().http_status
        && let Ok(status) = actix_web::http::StatusCode::from_u16(status)
    {
        *response.status_mut() = status;
    }
    response
}

async fn answer(
    state: &SimState,
    req: &HttpRequest,
    body: Result<Value, Fail>,
    op: Op,
) -> (String, HttpResponse) {
    if let Some(faulted) = apply_faults(state).await {
        return faulted;
    }
    let result = if op == Op::Auth {
        let client_code = body
            .as_ref()
            .ok()
            .and_then(|b| auth::known_client_code(state, b));
        if let Some(client_code) = client_code {
            let admission = state.core().limiter.admit(&client_code, state.now());
            if let Admission::Refused(wait) = admission {
                return rate_limited(state, wait);
            }
        }
        body.and_then(|b| auth::authenticate(state, &b))
    } else {
        match admit(state, req) {
            Ok(client_code) => body.and_then(|b| dispatch::run(state, op, &client_code, &b)),
            Err(Refusal::Limited(wait)) => return rate_limited(state, wait),
            Err(Refusal::Token) => Err(Fail::Code(state.envelopes.codes.expired_token.clone())),
        }
    };
    let writes = matches!(
        op,
        Op::ContactAdd | Op::ContactUpdate | Op::ContactDelete | Op::Import
    );
    if writes && result.is_ok() && rand::random::<f64>() < state.faults().lost_answer_rate {
        // Carried out, never answered.
        return std::future::pending().await;
    }
    match result.map(|body| reshape(state, op, body)) {
        Ok(body) => (
            codes::SUCCESS.into(),
            state.envelopes.respond(codes::SUCCESS, body, None),
        ),
        Err(fail) => state.envelopes.fail(&fail),
    }
}

/// A success body in the shape the faults ask for.
fn reshape(state: &SimState, op: Op, body: Value) -> Value {
    let faults = state.faults();
    match op {
        Op::ContactAdd if faults.add_without_code => json!({}),
        Op::ContactGet => match faults.wrap_get {
            Some(key) => json!({ key: body }),
            None => body,
        },
        _ => body,
    }
}

/// Waits the injected latency; the answer a fault gives instead of the route, if any.
/// A timeout never returns.
async fn apply_faults(state: &SimState) -> Option<(String, HttpResponse)> {
    let faults = state.faults();
    let delay = faults.delay();
    if !delay.is_zero() {
        actix_rt::time::sleep(delay).await;
    }
    match faults.outcome(state.now(), rand::random(), rand::random()) {
        FaultOutcome::Pass => None,
        FaultOutcome::Timeout => std::future::pending().await,
        FaultOutcome::Error(code) => {
            let response = state.envelopes.respond(&code, json!({}), None);
            Some((code, response))
        }
        FaultOutcome::Storm(left) => Some(rate_limited(state, left)),
    }
}

/// Why a request is refused before its route runs.
enum Refusal {
    /// No token, an unknown one or an expired one.
    Token,
    /// Over the limit; a slot frees after this long.
    Limited(Duration),
}

/// Checks the token (resetting its idle clock) and counts the request; the client code on success.
fn admit(state: &SimState, req: &HttpRequest) -> Result<String, Refusal> {
    let now = state.now();
    let token = req
        .headers()
        .get("auth-token")
        .and_then(|v| v.to_str().ok());
    let mut core = state.core();
    let client_code = core
        .tokens
        .use_token(token.unwrap_or("").trim(), now)
        .ok_or(Refusal::Token)?;
    match core.limiter.admit(&client_code, now) {
        Admission::Allowed => Ok(client_code),
        Admission::Refused(wait) => Err(Refusal::Limited(wait)),
    }
}

/// The 240024 answer with `retry-after` as a string of whole seconds.
pub fn rate_limited(state: &SimState, wait: Duration) -> (String, HttpResponse) {
    let body = json!({"retry-after": retry_after_secs(wait).to_string()});
    (
        codes::RATE_LIMITED.into(),
        state.envelopes.respond(codes::RATE_LIMITED, body, None),
    )
}

fn headers(req: &HttpRequest) -> Map<String, Value> {
    let mut map: Map<String, Value> = Map::new();
    for (name, value) in req.headers() {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        match map.get_mut(name.as_str()) {
            Some(Value::String(existing)) => *existing = format!("{existing}, {value}"),
            _ => {
                map.insert(name.as_str().to_string(), Value::String(value));
            }
        }
    }
    map
}
