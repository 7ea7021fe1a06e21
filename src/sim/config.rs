//! The simulator's settings: accounts, limits, token lifetimes, language, duplicate behaviour,
//! the placeholder codes for what Dinamize has not published, and the layout an account naming
//! none starts with.

use super::codes::SimCodes;
use super::layout::{FieldSeed, ListSeed, default_fields, default_lists};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// One Dinamize account the simulator accepts at `POST /auth`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The API user (`user` in the `/auth` body).
    pub user: String,
    /// The API password.
    pub password: String,
    /// The client code the user is linked to; the rate limit and the data are per client code.
    pub client_code: String,
    /// The `manager` flag answered by `/auth`.
    #[serde(default)]
    pub manager: bool,
    /// The account's own contact lists; `None` takes [`SimConfig::lists`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lists: Option<Vec<ListSeed>>,
    /// The account's own custom fields; `None` takes [`SimConfig::fields`]. cmp1..cmp3
    /// (e-mail, name, external code) are added when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldSeed>>,
}

impl Account {
    /// An account that is not a manager.
    pub fn new(user: &str, password: &str, client_code: &str) -> Self {
        Self {
            user: user.into(),
            password: password.into(),
            client_code: client_code.into(),
            manager: false,
            lists: None,
            fields: None,
        }
    }

    /// Checks the account's own lists and fields, if it names any.
    pub fn check_layout(&self) -> Result<(), String> {
        let lists = self.lists.as_deref().unwrap_or_default();
        let fields = self.fields.as_deref().unwrap_or_default();
        super::layout::check(lists, fields).map_err(|e| format!("account {}: {e}", self.user))
    }

    /// Parses `user:password:client_code`; the password may itself contain `:`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let (user, rest) = spec
            .split_once(':')
            .ok_or("expected user:password:client_code")?;
        let (password, client_code) = rest
            .rsplit_once(':')
            .ok_or("expected user:password:client_code")?;
        if user.is_empty() || client_code.is_empty() {
            return Err("user and client code must not be empty".into());
        }
        Ok(Self::new(user, password, client_code))
    }
}

/// The language of `code_detail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Portuguese ("Sucesso"), as the real service answers by default.
    Pt,
    /// English ("Success").
    En,
}

/// What `/emkt/contact/add` does with an e-mail already in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum DuplicatePolicy {
    /// Answer the duplicate-contact code and create nothing.
    Reject,
    /// Create a second contact with the same e-mail.
    Allow,
}

/// Everything the simulator can be told at start.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// The accounts accepted by `/auth`.
    pub accounts: Vec<Account>,
    /// Requests allowed per client code in any sliding window (60 at Dinamize); 0 turns the
    /// limit off (benchmarks that must not be limited).
    pub rate_limit: u32,
    /// The length of the sliding window (60 s at Dinamize).
    pub window: Duration,
    /// A token expires after this long without use (60 min at Dinamize).
    pub token_idle: Duration,
    /// A token expires this long after `/auth` whatever its use (24 h at Dinamize).
    pub token_max_age: Duration,
    /// The language of `code_detail`.
    pub language: Language,
    /// What adding an e-mail already in the list does.
    pub duplicates: DuplicatePolicy,
    /// The codes Dinamize has not published, answered where they apply.
    pub codes: SimCodes,
    /// The lists of an account that names none.
    pub lists: Vec<ListSeed>,
    /// The custom fields of an account that names none.
    pub fields: Vec<FieldSeed>,
    /// How many `/emkt/import/get` polls answer `processing` before an import reports `finished`.
    pub import_processing_polls: u32,
    /// How long after its file was accepted an import still answers `processing`, whatever
    /// the polls (Dinamize's processing time is not published).
    pub import_processing: Duration,
    /// The most requests the journal keeps; the oldest go first.
    pub journal_capacity: usize,
    /// Fault injection in force from the start.
    pub faults: super::faults::FaultSettings,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            accounts: vec![Account::new("sim@dwu.local", "sim-password", "300001")],
            rate_limit: 60,
            window: Duration::from_secs(60),
            token_idle: Duration::from_secs(60 * 60),
            token_max_age: Duration::from_secs(24 * 60 * 60),
            language: Language::Pt,
            duplicates: DuplicatePolicy::Reject,
            codes: SimCodes::default(),
            lists: default_lists(),
            fields: default_fields(),
            import_processing_polls: 1,
            import_processing: Duration::ZERO,
            journal_capacity: 100_000,
            faults: Default::default(),
        }
    }
}
