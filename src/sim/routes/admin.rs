//! The `/_sim/...` admin routes for tests and benchmarks: journal, faults, token expiry, clock,
//! limit, accounts, contacts and seeding. Plain JSON (no envelope), not journaled, not limited.

use crate::sim::config::Account;
use crate::sim::faults::FaultPatch;
use crate::sim::state::SimState;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

type State = web::Data<SimState>;

/// Registers the admin routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/_sim")
            .route("/requests", web::get().to(requests))
            .route("/requests", web::delete().to(clear_requests))
            .route("/faults", web::get().to(faults))
            .route("/faults", web::post().to(set_faults))
            .route("/faults", web::delete().to(clear_faults))
            .route("/tokens/expire", web::post().to(expire_tokens))
            .route("/clock", web::get().to(clock))
            .route("/clock/advance", web::post().to(advance_clock))
            .route("/limit", web::get().to(limit))
            .route("/limit", web::post().to(set_limit))
            .route("/accounts", web::get().to(accounts))
            .route("/accounts", web::post().to(add_account))
            .route("/contacts", web::get().to(contacts))
            .route("/seed", web::post().to(seed)),
    );
}

async fn requests(state: State) -> HttpResponse {
    HttpResponse::Ok().json(state.journal())
}

async fn clear_requests(state: State) -> HttpResponse {
    state.clear_journal();
    HttpResponse::Ok().json(json!({"cleared": true}))
}

async fn faults(state: State) -> HttpResponse {
    HttpResponse::Ok().json(state.faults())
}

async fn set_faults(state: State, patch: web::Json<FaultPatch>) -> HttpResponse {
    match state.patch_faults(patch.into_inner()) {
        Ok(faults) => HttpResponse::Ok().json(faults),
        Err(reason) => HttpResponse::BadRequest().json(json!({"error": reason})),
    }
}

async fn clear_faults(state: State) -> HttpResponse {
    state.clear_faults();
    HttpResponse::Ok().json(state.faults())
}

async fn expire_tokens(state: State) -> HttpResponse {
    HttpResponse::Ok().json(json!({"expired": state.expire_tokens()}))
}

fn clock_json(state: &SimState) -> serde_json::Value {
    json!({"now": state.now().to_rfc3339(), "offset_ms": state.clock.offset().as_millis() as u64})
}

async fn clock(state: State) -> HttpResponse {
    HttpResponse::Ok().json(clock_json(&state))
}

#[derive(Deserialize)]
struct Advance {
    #[serde(default)]
    ms: u64,
    #[serde(default)]
    secs: u64,
}

async fn advance_clock(state: State, by: web::Json<Advance>) -> HttpResponse {
    let shift = Duration::from_secs(by.secs).checked_add(Duration::from_millis(by.ms));
    match shift.ok_or_else(|| "the shift overflows".to_owned()) {
        Ok(shift) => match state.try_advance_clock(shift) {
            Ok(()) => HttpResponse::Ok().json(clock_json(&state)),
            Err(reason) => HttpResponse::BadRequest().json(json!({"error": reason})),
        },
        Err(reason) => HttpResponse::BadRequest().json(json!({"error": reason})),
    }
}

#[derive(Deserialize)]
struct Limit {
    limit: u32,
    window_ms: u64,
}

async fn limit(state: State) -> HttpResponse {
    let (limit, window) = state.rate_limit();
    HttpResponse::Ok().json(json!({"limit": limit, "window_ms": window.as_millis() as u64}))
}

async fn set_limit(state: State, body: web::Json<Limit>) -> HttpResponse {
    state.set_rate_limit(body.limit, Duration::from_millis(body.window_ms.max(1)));
    limit(state).await
}

async fn accounts(state: State) -> HttpResponse {
    let list: Vec<_> = state
        .accounts()
        .into_iter()
        .map(|a| json!({"user": a.user, "client_code": a.client_code, "manager": a.manager}))
        .collect();
    HttpResponse::Ok().json(list)
}

async fn add_account(state: State, account: web::Json<Account>) -> HttpResponse {
    let account = account.into_inner();
    if let Err(reason) = account.check_layout() {
        return HttpResponse::BadRequest().json(json!({"error": reason}));
    }
    state.add_account(account);
    accounts(state).await
}

/// Which list of which client code; the first account's client code and list 1 by default.
#[derive(Deserialize)]
struct Target {
    client_code: Option<String>,
    list: Option<u64>,
    count: Option<u64>,
}

async fn contacts(state: State, target: web::Query<Target>) -> HttpResponse {
    let client_code = target
        .client_code
        .clone()
        .unwrap_or_else(|| state.default_client_code());
    HttpResponse::Ok().json(state.contacts(&client_code, target.list.unwrap_or(1)))
}

async fn seed(state: State, target: web::Json<Target>) -> HttpResponse {
    let client_code = target
        .client_code
        .clone()
        .unwrap_or_else(|| state.default_client_code());
    let count = target.count.unwrap_or(0);
    match state.seed_contacts(&client_code, target.list.unwrap_or(1), count) {
        Ok(codes) => HttpResponse::Ok().json(json!({
            "seeded": codes.len(),
            "first_code": codes.first(),
            "last_code": codes.last(),
        })),
        Err(reason) => HttpResponse::BadRequest().json(json!({"error": reason})),
    }
}
