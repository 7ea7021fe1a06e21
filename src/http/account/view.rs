//! The account as the API shows it: everything but the password.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::accounts::Account;
use crate::accounts::FieldMapping;

/// A company's Dinamize account.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    pub company_id: i64,
    pub api_user: String,
    pub client_code: String,
    pub default_list_code: Option<String>,
    pub requests_per_minute: i32,
    pub active: bool,
    /// Why Dinamize refused the credentials; `null` when they work (or were not tried yet).
    pub misconfigured_reason: Option<String>,
    /// Lead field → Dinamize custom field (`cmpN`); `{}` when nothing is mapped.
    #[schema(value_type = Object, example = json!({"phone": "cmp4"}))]
    pub field_mapping: BTreeMap<String, String>,
}

impl From<Account> for AccountView {
    fn from(account: Account) -> Self {
        Self {
            company_id: account.company_id,
            api_user: account.api_user,
            client_code: account.client_code,
            default_list_code: account.default_list_code,
            requests_per_minute: account.requests_per_minute,
            active: account.active,
            misconfigured_reason: account.misconfigured_reason,
            field_mapping: FieldMapping::from_stored(&account.field_mapping).0,
        }
    }
}
