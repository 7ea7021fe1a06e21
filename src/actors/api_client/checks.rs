//! `TokenChecks`: what the calls of this process learnt about codes the service does not know.
//! A code answered to a call with a token that is neither success nor a known refusal may be
//! Dinamize's real expired-token code (the placeholder being wrong); the call then checks its
//! token once by logging in again. A code that comes back with the fresh token is remembered
//! as not token-related, so it never costs another login in this process. Counters are for
//! `/ready` and `/metrics`.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;

/// Shared by every call of one `ApiClientActor`; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct TokenChecks {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    checks: AtomicU64,
    dead_tokens: AtomicU64,
    not_token_codes: Mutex<BTreeSet<String>>,
    token_codes: Mutex<BTreeSet<String>>,
}

/// A snapshot of [`TokenChecks`] (JSON for `/ready` or `/metrics`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenChecksSnapshot {
    /// Logins made to check a token after an unknown code.
    pub checks: u64,
    /// Checks where the fresh token succeeded: the old token was dead under an unknown code.
    pub dead_tokens: u64,
    /// Unknown codes that came back with a fresh token (not about the token).
    pub not_token_codes: Vec<String>,
    /// Unknown codes a fresh token cured: most likely the real expired-token code.
    pub token_codes: Vec<String>,
}

impl TokenChecks {
    /// Whether an unknown `code` still deserves a token check (not yet known to be unrelated).
    pub fn worth_checking(&self, code: &str) -> bool {
        !lock(&self.inner.not_token_codes).contains(code)
    }

    /// A check (a login) is starting.
    pub fn started(&self) {
        self.inner.checks.fetch_add(1, Ordering::Relaxed);
    }

    /// The fresh token got the same `code`: remember it is not about the token.
    pub fn not_token_related(&self, code: &str) {
        lock(&self.inner.not_token_codes).insert(code.to_owned());
    }

    /// The fresh token succeeded where `code` had been answered: the old token was dead.
    pub fn dead_token(&self, code: &str) {
        self.inner.dead_tokens.fetch_add(1, Ordering::Relaxed);
        lock(&self.inner.token_codes).insert(code.to_owned());
    }

    /// The counters and codes now.
    pub fn snapshot(&self) -> TokenChecksSnapshot {
        TokenChecksSnapshot {
            checks: self.inner.checks.load(Ordering::Relaxed),
            dead_tokens: self.inner.dead_tokens.load(Ordering::Relaxed),
            not_token_codes: lock(&self.inner.not_token_codes).iter().cloned().collect(),
            token_codes: lock(&self.inner.token_codes).iter().cloned().collect(),
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_remembered_as_unrelated_is_never_checked_again() {
        let checks = TokenChecks::default();
        assert!(checks.worth_checking("555"));
        checks.started();
        checks.not_token_related("555");
        assert!(!checks.worth_checking("555"));
        assert!(checks.worth_checking("556"));
        checks.dead_token("556");
        let s = checks.snapshot();
        assert_eq!((s.checks, s.dead_tokens), (1, 1));
        assert_eq!(s.not_token_codes, vec!["555".to_string()]);
        assert_eq!(s.token_codes, vec!["556".to_string()]);
    }
}
