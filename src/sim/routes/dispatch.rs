//! Runs an authenticated, admitted Dinamize call against the client code's data.

use super::pipeline::Op;
use super::{catalog, contacts, imports};
use crate::sim::envelope::Fail;
use crate::sim::params::object;
use crate::sim::state::SimState;
use serde_json::Value;

/// The answer body of `op` for `client_code`.
pub fn run(state: &SimState, op: Op, client_code: &str, body: &Value) -> Result<Value, Fail> {
    let map = object(body)?;
    let now = state.now();
    let config = &state.config;
    let mut core = state.core();
    let tenant = core.tenant(client_code, config);
    match op {
        Op::Auth => Err(Fail::invalid("authenticate at /auth")),
        Op::ContactSearch => contacts::search(tenant, map, now),
        Op::ContactAdd => contacts::add(tenant, map, config.duplicates, now),
        Op::ContactGet => contacts::get(tenant, map),
        Op::ContactUpdate => contacts::update(tenant, map, config.duplicates),
        Op::ContactDelete => contacts::delete(tenant, map),
        Op::ListSearch => catalog::lists(tenant, map),
        Op::FieldSearch => catalog::fields(tenant, map),
        Op::LovSearch => catalog::options(tenant, map),
        Op::Import => imports::import(tenant, map, now),
        Op::ImportGet => imports::status(tenant, map, config, now),
    }
}
