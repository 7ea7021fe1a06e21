//! Per-company Dinamize accounts (`crm_dinamize_accounts`): loading, setting credentials
//! (password encrypted, purpose `password`), the misconfigured mark, and seeding the default
//! company's account from `DINAMIZE_API_*` at start-up.

pub mod seed;
pub mod store;

pub use seed::{SeedError, SeedOutcome, seed_account, seed_default_account};
pub use store::{
    Account, AccountError, AccountSettings, Credentials, MisconfiguredAccount, list_misconfigured,
    load, mark_misconfigured, misconfigured_reason, set_credentials, update_settings,
};
