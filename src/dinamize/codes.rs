//! Dinamize result codes: the ones public client code has shown, and the ones nobody has
//! published yet, which are settings (`DINAMIZE_CODE_*`) with placeholder defaults.

use serde::{Deserialize, Serialize};

/// `480001`: the call succeeded.
pub const SUCCESS: &str = "480001";
/// `240002`: the password is missing.
pub const PASSWORD_REQUIRED: &str = "240002";
/// `240003`: the user name is missing.
pub const USERNAME_REQUIRED: &str = "240003";
/// `240004`: user name or password is wrong.
pub const INVALID_CREDENTIALS: &str = "240004";
/// `240024`: request limit exceeded; the body carries `retry-after` in seconds.
pub const RATE_LIMITED: &str = "240024";
/// `240029`: the user is not linked to that client code.
pub const INVALID_CLIENT_CODE: &str = "240029";

/// The codes the public material does not show. Each default is a **placeholder** chosen for
/// the simulator; set the real value through its `DINAMIZE_CODE_*` variable once it is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownCodes {
    /// Token expired or unknown (`DINAMIZE_CODE_EXPIRED_TOKEN`, placeholder `240005`).
    pub expired_token: String,
    /// E-mail already in the list (`DINAMIZE_CODE_DUPLICATE_CONTACT`, placeholder `240100`).
    pub duplicate_contact: String,
    /// Contact not found (`DINAMIZE_CODE_NOT_FOUND`, placeholder `240101`).
    pub not_found: String,
    /// Invalid e-mail address (`DINAMIZE_CODE_INVALID_EMAIL`, placeholder `240102`).
    pub invalid_email: String,
    /// Contact list not found (`DINAMIZE_CODE_LIST_NOT_FOUND`, placeholder `240103`).
    pub list_not_found: String,
    /// A required field is missing or malformed (`DINAMIZE_CODE_INVALID_REQUEST`, placeholder `240104`).
    pub invalid_request: String,
}

impl Default for UnknownCodes {
    fn default() -> Self {
        Self {
            expired_token: "240005".into(),
            duplicate_contact: "240100".into(),
            not_found: "240101".into(),
            invalid_email: "240102".into(),
            list_not_found: "240103".into(),
            invalid_request: "240104".into(),
        }
    }
}
