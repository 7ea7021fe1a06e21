//! The default company's Dinamize account at start-up: from `DINAMIZE_API_*` when set, else,
//! with the embedded simulator, the simulator's own account, so a fresh run works at once.

use crate::accounts::Credentials;
use crate::config::{Config, Secret};
use crate::db::companies::DEFAULT_COMPANY_ID;
use crate::tokens::TokenService;

use super::account_seed::{SeedError, seed_account, seed_default_account};
use super::embedded_account;

/// Seeds (or leaves as it is) the default company's account.
pub async fn default_account(config: &Config, tokens: &TokenService) -> Result<(), SeedError> {
    let d = &config.dinamize;
    let from_env = d.user.is_some() || d.password.is_some() || d.client_code.is_some();
    if from_env || !d.uses_embedded_simulator() {
        seed_default_account(config, tokens).await?;
        return Ok(());
    }
    let account = embedded_account(config);
    let credentials = Credentials {
        api_user: account.user,
        password: Secret::new(account.password),
        client_code: account.client_code,
        default_list_code: Some("1".into()),
        requests_per_minute: None,
    };
    seed_account(
        tokens,
        DEFAULT_COMPANY_ID,
        credentials,
        d.rate_limit_per_minute,
    )
    .await?;
    Ok(())
}
