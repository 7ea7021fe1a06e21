//! The error a `GetToken` caller receives. Never carries a token, password or key.

use thiserror::Error;

use crate::dinamize::DinamizeError;

/// Why no token could be handed out.
#[derive(Debug, Error)]
pub enum TokenError {
    /// The company's Dinamize account cannot log in (no account, inactive, or Dinamize refused
    /// its credentials: 240002/240003/240004/240029). Not retried until the credentials change.
    #[error("the Dinamize account is misconfigured: {reason}")]
    Misconfigured {
        /// What is wrong, for the caller and `/ready` (no secret in it).
        reason: String,
    },
    /// PostgreSQL unreachable, a stored secret unreadable, or no token within the wait limit.
    #[error("no Dinamize token available: {0}")]
    Unavailable(String),
    /// `/auth` failed for another reason (transport, rate limit, unexpected answer).
    #[error("Dinamize /auth failed: {0}")]
    Dinamize(#[from] DinamizeError),
}
