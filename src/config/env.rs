//! Reading variables: from the process environment, or from a map in tests.

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use super::{ConfigError, Secret};

/// A snapshot of the variables configuration is read from.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: HashMap<String, String>,
}

impl Env {
    /// The process environment (after `.env` was loaded by the binary).
    pub fn from_process() -> Self {
        Self {
            vars: std::env::vars().collect(),
        }
    }

    /// Exactly these variables: what tests use, so that the machine's environment cannot leak in.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// Sets one variable (builder style, for tests).
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Self {
        self.vars.insert(name.into(), value.into());
        self
    }

    /// The value of `name`; an empty or blank value counts as unset.
    pub fn optional(&self, name: &str) -> Option<String> {
        self.vars
            .get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// The value of `name`, or `default`.
    pub fn string(&self, name: &str, default: &str) -> String {
        self.optional(name).unwrap_or_else(|| default.to_string())
    }

    /// A secret value, never echoed in errors.
    pub fn secret(&self, name: &str) -> Option<Secret<String>> {
        self.optional(name).map(Secret::new)
    }

    /// `name` parsed as `T`, or `default`; a value that does not parse names `expected`.
    pub fn parse<T: FromStr>(
        &self,
        name: &str,
        default: T,
        expected: &str,
    ) -> Result<T, ConfigError> {
        match self.optional(name) {
            None => Ok(default),
            Some(raw) => raw
                .parse()
                .map_err(|_| ConfigError::invalid(name, expected, &raw)),
        }
    }

    /// A whole number at least `min`.
    pub fn number_at_least<T>(&self, name: &str, default: T, min: T) -> Result<T, ConfigError>
    where
        T: FromStr + PartialOrd + std::fmt::Display + Copy,
    {
        let expected = format!("a whole number ≥ {min}");
        let value = self.parse(name, default, &expected)?;
        if value < min {
            return Err(ConfigError::invalid(name, &expected, &value.to_string()));
        }
        Ok(value)
    }

    /// A duration given in milliseconds, at least 1.
    pub fn millis(&self, name: &str, default_ms: u64) -> Result<Duration, ConfigError> {
        self.number_at_least(name, default_ms, 1)
            .map(Duration::from_millis)
    }

    /// A TCP port, 0-65535 (0 asks the system for a free port).
    pub fn port(&self, name: &str, default: u16) -> Result<u16, ConfigError> {
        self.parse(name, default, "a port number (0-65535)")
    }
}
