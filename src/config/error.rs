//! The one error configuration can produce: a variable and what it expects.

use thiserror::Error;

/// A variable that is missing or holds a value the service cannot use. `Display` is the one
/// line start-up prints before exiting with code 2; it echoes the value only when
/// [`ConfigError::got`] was set, which is never done for secrets.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{var}: expected {expected}{}", got.as_ref().map(|g| format!(", got {g:?}")).unwrap_or_default())]
pub struct ConfigError {
    /// The environment variable's name.
    pub var: String,
    /// What a valid value looks like.
    pub expected: String,
    /// The value found, for non-secret variables only.
    pub got: Option<String>,
}

impl ConfigError {
    /// A bad value of a variable that is not secret: the value is echoed.
    pub fn invalid(var: &str, expected: &str, got: &str) -> Self {
        Self {
            var: var.into(),
            expected: expected.into(),
            got: Some(got.into()),
        }
    }

    /// A bad or missing value that must not be echoed.
    pub fn secret(var: &str, expected: &str) -> Self {
        Self {
            var: var.into(),
            expected: expected.into(),
            got: None,
        }
    }
}
