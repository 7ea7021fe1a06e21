//! `POST /auth`: checks user, password and client code in that order and issues a token.
//! Missing user 240003, missing password 240002, wrong user or password 240004, a client code
//! the user is not linked to (or none) 240029.

use crate::dinamize::codes;
use crate::sim::envelope::Fail;
use crate::sim::params::{object, opt_str};
use crate::sim::state::SimState;
use serde_json::{Value, json};

/// The body's `client_code` if it belongs to an account (such `/auth` calls count against its limit).
pub fn known_client_code(state: &SimState, body: &Value) -> Option<String> {
    let client_code = opt_str(object(body).ok()?, "client_code").ok()??;
    let core = state.core();
    core.accounts
        .iter()
        .any(|a| a.client_code == client_code)
        .then_some(client_code)
}

/// Authenticates and answers `{"auth-token", "manager"}`.
pub fn authenticate(state: &SimState, body: &Value) -> Result<Value, Fail> {
    let map = object(body)?;
    let present = |key| opt_str(map, key).map(|v| v.filter(|s| !s.trim().is_empty()));
    let user = present("user")?.ok_or(Fail::Code(codes::USERNAME_REQUIRED.into()))?;
    let password = present("password")?.ok_or(Fail::Code(codes::PASSWORD_REQUIRED.into()))?;
    let client_code = present("client_code")?.unwrap_or_default();
    let now = state.now();
    let mut core = state.core();
    let mut known = core
        .accounts
        .iter()
        .filter(|a| a.user == user && a.password == password)
        .peekable();
    if known.peek().is_none() {
        return Err(Fail::Code(codes::INVALID_CREDENTIALS.into()));
    }
    let account = known
        .find(|a| a.client_code == client_code.trim())
        .cloned()
        .ok_or(Fail::Code(codes::INVALID_CLIENT_CODE.into()))?;
    let token = core.tokens.issue(&account.client_code, now);
    Ok(json!({"auth-token": token, "manager": account.manager}))
}
