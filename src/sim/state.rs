//! The simulator's shared state (accounts, tokens, limiter, data, journal, faults, clock) and
//! the methods tests and the admin routes use on it. Locks are never held across an `.await`.

use super::clock::SimClock;
use super::config::{Account, SimConfig};
use super::data::Tenant;
use super::envelope::{Envelopes, Fail};
use super::faults::{FaultPatch, FaultSettings};
use super::journal::{Journal, JournalEntry};
use super::layout::with_builtins;
use super::limit::Limiter;
use super::tokens::TokenStore;
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// Accounts, tokens, the limiter and every client code's data, under one lock.
#[derive(Debug)]
pub(crate) struct Core {
    pub accounts: Vec<Account>,
    pub tokens: TokenStore,
    pub limiter: Limiter,
    pub tenants: HashMap<String, Tenant>,
}

impl Core {
    /// The data of a client code, created on first use with the lists and fields of the first
    /// of its accounts that names them (accounts sharing a client code share its data), else
    /// with the configured defaults.
    pub fn tenant(&mut self, client_code: &str, config: &SimConfig) -> &mut Tenant {
        let accounts = &self.accounts;
        self.tenants
            .entry(client_code.to_string())
            .or_insert_with(|| {
                let mine = || accounts.iter().filter(|a| a.client_code == client_code);
                let lists = mine().find_map(|a| a.lists.as_deref());
                let fields = mine().find_map(|a| a.fields.as_deref());
                Tenant::seeded(
                    lists.unwrap_or(&config.lists),
                    &with_builtins(fields.unwrap_or(&config.fields)),
                )
            })
    }
}

/// Everything the simulator knows; shared by the routes and the [`super::SimHandle`].
#[derive(Debug)]
pub struct SimState {
    pub(crate) config: SimConfig,
    pub(crate) clock: SimClock,
    pub(crate) envelopes: Envelopes,
    core: Mutex<Core>,
    journal: Mutex<Journal>,
    faults: Mutex<FaultSettings>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl SimState {
    /// A fresh state from `config`.
    pub fn new(config: SimConfig) -> Self {
        let mut core = Core {
            accounts: config.accounts.clone(),
            tokens: TokenStore::new(config.token_idle, config.token_max_age),
            limiter: Limiter::new(config.rate_limit, config.window),
            tenants: HashMap::new(),
        };
        for account in &config.accounts {
            core.tenant(&account.client_code, &config);
        }
        Self {
            envelopes: Envelopes {
                language: config.language,
                codes: config.codes.clone(),
            },
            clock: SimClock::default(),
            core: Mutex::new(core),
            journal: Mutex::new(Journal::new(config.journal_capacity)),
            faults: Mutex::new(config.faults.clone()),
            config,
        }
    }

    pub(crate) fn core(&self) -> MutexGuard<'_, Core> {
        lock(&self.core)
    }

    /// The simulated now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Moves the simulated clock forward (token expiry, limiter windows, storms).
    pub fn advance_clock(&self, by: Duration) {
        self.clock.advance(by);
    }

    /// Moves the simulated clock forward, refusing a shift past `clock::MAX_OFFSET`.
    pub fn try_advance_clock(&self, by: Duration) -> Result<(), String> {
        self.clock.try_advance(by)
    }

    /// Every journaled request, oldest first.
    pub fn journal(&self) -> Vec<JournalEntry> {
        lock(&self.journal).entries()
    }

    /// Forgets the journaled requests.
    pub fn clear_journal(&self) {
        lock(&self.journal).clear();
    }

    pub(crate) fn journal_push(&self, entry: JournalEntry) -> u64 {
        lock(&self.journal).push(entry)
    }

    pub(crate) fn journal_answered(&self, id: u64, code: &str) {
        lock(&self.journal).answered(id, code);
    }

    /// The faults in force.
    pub fn faults(&self) -> FaultSettings {
        lock(&self.faults).clone()
    }

    /// Replaces the faults.
    pub fn set_faults(&self, faults: FaultSettings) {
        *lock(&self.faults) = faults;
    }

    /// Changes the given faults, keeping the others.
    pub fn patch_faults(&self, patch: FaultPatch) -> Result<FaultSettings, String> {
        let mut faults = lock(&self.faults);
        faults.apply(patch, self.clock.now())?;
        Ok(faults.clone())
    }

    /// Ends every fault.
    pub fn clear_faults(&self) {
        self.set_faults(FaultSettings::default());
    }

    /// Starts a rate-limit storm: every request is answered 240024 for `duration`.
    pub fn start_storm(&self, duration: Duration) {
        lock(&self.faults).storm_until =
            Some(self.clock.now() + chrono::Duration::from_std(duration).unwrap_or_default());
    }

    /// Expires every token now; returns how many there were.
    pub fn expire_tokens(&self) -> usize {
        self.core().tokens.expire_all()
    }

    /// Accepts one more account at `/auth`; its lists and fields (see
    /// [`Account::check_layout`]) are used only if its client code has no data yet.
    pub fn add_account(&self, account: Account) {
        let mut core = self.core();
        let client_code = account.client_code.clone();
        core.accounts.push(account);
        core.tenant(&client_code, &self.config);
    }

    /// The accounts accepted at `/auth`.
    pub fn accounts(&self) -> Vec<Account> {
        self.core().accounts.clone()
    }

    /// Changes the per-client-code limit and its window.
    pub fn set_rate_limit(&self, limit: u32, window: Duration) {
        self.core().limiter.reconfigure(limit, window);
    }

    /// The per-client-code limit and its window.
    pub fn rate_limit(&self) -> (u32, Duration) {
        self.core().limiter.settings()
    }

    /// How many contacts the simulator holds, over every client code and list.
    pub fn contact_count(&self) -> usize {
        self.core().tenants.values().map(|t| t.contacts.len()).sum()
    }

    /// The contacts of one list of one client code, as search items.
    pub fn contacts(&self, client_code: &str, list: u64) -> Vec<Value> {
        let core = self.core();
        core.tenants
            .get(client_code)
            .map(|t| t.contacts_json(list))
            .unwrap_or_default()
    }

    /// Adds `count` made-up contacts to a list; returns their codes.
    pub fn seed_contacts(
        &self,
        client_code: &str,
        list: u64,
        count: u64,
    ) -> Result<Vec<u64>, String> {
        let now = self.clock.now();
        let mut core = self.core();
        let tenant = core.tenant(client_code, &self.config);
        tenant.seed(list, count, now).map_err(|f| describe(&f))
    }

    /// The client code of the first account (the default for admin routes).
    pub fn default_client_code(&self) -> String {
        let core = self.core();
        core.accounts
            .first()
            .map(|a| a.client_code.clone())
            .unwrap_or_default()
    }
}

fn describe(fail: &Fail) -> String {
    match fail {
        Fail::Invalid(reason) => reason.clone(),
        other => format!("{other:?}"),
    }
}
