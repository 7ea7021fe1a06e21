//! The simulator's settings: accounts, limits, token lifetimes, language, duplicate behaviour,
//! the placeholder codes for what Dinamize has not published, and the data every account starts with.

use super::codes::SimCodes;
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
}

impl Account {
    /// An account that is not a manager.
    pub fn new(user: &str, password: &str, client_code: &str) -> Self {
        Self {
            user: user.into(),
            password: password.into(),
            client_code: client_code.into(),
            manager: false,
        }
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

/// A contact list every account starts with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSeed {
    /// The list code.
    pub code: u64,
    /// The list title.
    pub title: String,
}

/// A custom field every list starts with; its key in `custom_fields` is `cmp<code>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSeed {
    /// The numeric field code (`N` of `cmpN`).
    pub code: u32,
    /// The title shown in Dinamize.
    pub title: String,
    /// `VC` (text) or `LV` (list of values).
    pub kind: String,
    /// Whether the value must be unique in the list.
    pub unique: bool,
    /// The options of an `LV` field as (code, value).
    pub options: Vec<(u64, String)>,
}

impl FieldSeed {
    fn text(code: u32, title: &str, unique: bool) -> Self {
        Self {
            code,
            title: title.into(),
            kind: "VC".into(),
            unique,
            options: Vec::new(),
        }
    }
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
    /// The lists every account starts with.
    pub lists: Vec<ListSeed>,
    /// The custom fields of every list.
    pub fields: Vec<FieldSeed>,
    /// How many `/emkt/import/get` polls answer `processing` before an import reports `finished`.
    pub import_processing_polls: u32,
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
            lists: vec![ListSeed {
                code: 1,
                title: "Leads CRM".into(),
            }],
            fields: default_fields(),
            import_processing_polls: 1,
            journal_capacity: 100_000,
            faults: Default::default(),
        }
    }
}

/// cmp1..cmp3 are built in (e-mail, name, external code); user fields start at cmp4, and
/// cmp7 is a list of values.
fn default_fields() -> Vec<FieldSeed> {
    vec![
        FieldSeed::text(1, "E-mail", true),
        FieldSeed::text(2, "Nome", false),
        FieldSeed::text(3, "Código externo", false),
        FieldSeed::text(4, "Telefone", false),
        FieldSeed::text(5, "Empresa", false),
        FieldSeed::text(6, "Cargo", false),
        FieldSeed {
            code: 7,
            title: "Origem".into(),
            kind: "LV".into(),
            unique: false,
            options: vec![
                (1, "Site".into()),
                (2, "Feira".into()),
                (3, "Indicação".into()),
            ],
        },
    ]
}
