//! Per-company Dinamize accounts (`crm_dinamize_accounts`): loading, setting credentials
//! (password encrypted, purpose `password`), the misconfigured mark, the per-company request
//! limit, the lead field mapping. It imports nothing of `tokens` or `sync` (which build on
//! it); seeding the default account at start-up, which also drops the company's token, is
//! `startup`'s.

pub mod field_mapping;
pub mod limit;
pub mod store;

pub use field_mapping::{FieldMapping, MappingError};
pub use limit::active_limit;
pub use store::{
    Account, AccountError, AccountSettings, Credentials, MisconfiguredAccount, list_misconfigured,
    load, mark_misconfigured, misconfigured_reason, set_credentials, update_settings,
};
