//! Tokens in Dinamize's shape (`12345.123456.12.<48 chars of A-Za-z0-9+/>`), their idle and
//! maximum-age expiry, and the store that resets the idle clock on each use.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::time::Duration;

const TOKEN_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Makes a fresh random token of the real shape (64 characters).
pub fn new_token() -> String {
    let tail: String = (0..48)
        .map(|_| TOKEN_ALPHABET[rand::random_range(0..TOKEN_ALPHABET.len())] as char)
        .collect();
    format!(
        "{:05}.{:06}.{:02}.{tail}",
        rand::random_range(0..100_000u32),
        rand::random_range(0..1_000_000u32),
        rand::random_range(0..100u32)
    )
}

/// One issued token.
#[derive(Debug, Clone)]
struct Issued {
    client_code: String,
    issued_at: DateTime<Utc>,
    last_used: DateTime<Utc>,
}

/// Whether a token issued at `issued_at` and last used at `last_used` is still valid at `now`.
pub fn is_valid(
    issued_at: DateTime<Utc>,
    last_used: DateTime<Utc>,
    now: DateTime<Utc>,
    idle: Duration,
    max_age: Duration,
) -> bool {
    let within = |since: DateTime<Utc>, limit: Duration| {
        (now - since).to_std().map(|d| d < limit).unwrap_or(true)
    };
    within(last_used, idle) && within(issued_at, max_age)
}

/// The tokens issued so far.
#[derive(Debug)]
pub struct TokenStore {
    idle: Duration,
    max_age: Duration,
    tokens: HashMap<String, Issued>,
}

impl TokenStore {
    /// An empty store with these lifetimes.
    pub fn new(idle: Duration, max_age: Duration) -> Self {
        Self {
            idle,
            max_age,
            tokens: HashMap::new(),
        }
    }

    /// Issues a token for `client_code` at `now`.
    pub fn issue(&mut self, client_code: &str, now: DateTime<Utc>) -> String {
        self.tokens
            .retain(|_, t| is_valid(t.issued_at, t.last_used, now, self.idle, self.max_age));
        let token = new_token();
        let issued = Issued {
            client_code: client_code.into(),
            issued_at: now,
            last_used: now,
        };
        self.tokens.insert(token.clone(), issued);
        token
    }

    /// The client code of a valid token, resetting its idle clock; `None` if unknown or expired.
    pub fn use_token(&mut self, token: &str, now: DateTime<Utc>) -> Option<String> {
        let t = self.tokens.get_mut(token)?;
        if !is_valid(t.issued_at, t.last_used, now, self.idle, self.max_age) {
            self.tokens.remove(token);
            return None;
        }
        t.last_used = now;
        Some(t.client_code.clone())
    }

    /// Forgets every token, so the next call with any of them is answered as expired.
    pub fn expire_all(&mut self) -> usize {
        let n = self.tokens.len();
        self.tokens.clear();
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    #[test]
    fn a_token_has_the_real_shape() {
        let t = new_token();
        let parts: Vec<&str> = t.splitn(4, '.').collect();
        assert_eq!(t.len(), 64);
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [5, 6, 2, 48]
        );
        assert!(
            parts[..3]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        );
        assert!(parts[3].bytes().all(|b| TOKEN_ALPHABET.contains(&b)));
    }

    #[test]
    fn use_resets_the_idle_clock_but_not_the_max_age() {
        let mut store = TokenStore::new(60 * MIN, 24 * 60 * MIN);
        let t0 = Utc::now();
        let token = store.issue("300001", t0);
        let mut now = t0;
        for _ in 0..23 {
            now += chrono::Duration::minutes(59);
            assert_eq!(store.use_token(&token, now).as_deref(), Some("300001"));
        }
        now = t0 + chrono::Duration::hours(24);
        assert_eq!(store.use_token(&token, now), None);
    }

    #[test]
    fn an_idle_token_expires_after_the_idle_time() {
        let mut store = TokenStore::new(60 * MIN, 24 * 60 * MIN);
        let t0 = Utc::now();
        let token = store.issue("300001", t0);
        assert_eq!(
            store.use_token(&token, t0 + chrono::Duration::minutes(60)),
            None
        );
    }
}
