//! What a key rotation did ([`RotationReport`]) and why it could not run ([`RotateError`]).

use serde::Serialize;
use thiserror::Error;

use crate::db::DbError;

/// What a rotation did. Ids and counts only, never a secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RotationReport {
    /// The key everything is now sealed with.
    pub key_id: String,
    /// Account passwords re-encrypted.
    pub passwords: usize,
    /// `crm_auth_tokens` rows re-encrypted.
    pub tokens: usize,
    /// Redis token copies re-encrypted.
    pub redis_entries: usize,
    /// Secrets already under the current key.
    pub already_current: usize,
    /// Secrets that could not be opened (e.g. their key is not configured), as `table id: why`.
    pub failures: Vec<String>,
    /// Set when Redis could not be reached (its copies expire or fall back to PostgreSQL).
    pub redis_error: Option<String>,
}

impl RotationReport {
    /// True when every stored secret is now under the current key.
    pub fn is_complete(&self) -> bool {
        self.failures.is_empty() && self.redis_error.is_none()
    }
}

/// Why the rotation could not run at all.
#[derive(Debug, Error)]
pub enum RotateError {
    /// PostgreSQL unreachable or a query failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for RotateError {
    fn from(error: diesel::result::Error) -> Self {
        RotateError::Db(DbError::Query(error))
    }
}
