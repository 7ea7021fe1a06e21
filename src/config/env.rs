//! Reading variables: from the process environment, or from a map in tests.

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use super::bounds::Bound;
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

    /// The whole number `bound` names, or its default; outside its range (or not fitting `T`)
    /// is an error naming the variable and the range.
    pub fn bounded<T: TryFrom<u64>>(&self, bound: &Bound) -> Result<T, ConfigError> {
        let expected = format!("a whole number from {} to {}", bound.min, bound.max);
        let value: u64 = self.parse(bound.var, bound.default, &expected)?;
        if !(bound.min..=bound.max).contains(&value) {
            return Err(ConfigError::invalid(
                bound.var,
                &expected,
                &value.to_string(),
            ));
        }
        T::try_from(value)
            .map_err(|_| ConfigError::invalid(bound.var, &expected, &value.to_string()))
    }

    /// A duration `bound` gives in milliseconds.
    pub fn bounded_millis(&self, bound: &Bound) -> Result<Duration, ConfigError> {
        self.bounded(bound).map(Duration::from_millis)
    }

    /// A TCP port, 0-65535 (0 asks the system for a free port).
    pub fn port(&self, name: &str, default: u16) -> Result<u16, ConfigError> {
        self.parse(name, default, "a port number (0-65535)")
    }
}
