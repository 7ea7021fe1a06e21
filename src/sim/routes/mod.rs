//! The simulator's HTTP routes: the Dinamize contract (through one pipeline) and `/_sim` admin.

mod admin;
mod auth;
mod body;
mod catalog;
mod contacts;
mod dispatch;
mod imports;
mod pipeline;

use crate::sim::state::SimState;
use actix_web::{HttpResponse, web};
use serde_json::json;

/// Registers every route; anything else gets the envelope with the invalid-request code.
pub fn configure(cfg: &mut web::ServiceConfig) {
    admin::configure(cfg);
    for &(path, op) in pipeline::ROUTES {
        cfg.route(
            path,
            web::post().to(move |state, req, payload| pipeline::serve(state, req, payload, op)),
        );
    }
    cfg.default_service(web::to(unknown_route));
}

async fn unknown_route(state: web::Data<SimState>) -> HttpResponse {
    let code = state.envelopes.codes.invalid_request.clone();
    state
        .envelopes
        .respond(&code, json!({}), Some("unknown route or method"))
}
