//! Start-up seed: when `DINAMIZE_API_USER`, `DINAMIZE_API_PASSWORD` and
//! `DINAMIZE_CLIENT_CODE` are set, they are the default company's account. An unchanged
//! account is left alone (a misconfigured mark stays until the credentials really change).
//! It lives here, above `accounts` and `tokens`, because a changed account must also drop the
//! company's token: `accounts` does not know `tokens` (it is the other way round).

use thiserror::Error;

use crate::accounts::{Account, AccountError, Credentials, load};
use crate::config::{Config, DinamizeConfig};
use crate::crypto::{Keyring, Purpose};
use crate::db::companies::DEFAULT_COMPANY_ID;
use crate::tokens::TokenService;

/// What the seed did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedOutcome {
    /// None of the three variables is set.
    NotConfigured,
    /// The account did not exist and was created.
    Created,
    /// The stored credentials differed and were replaced (misconfigured mark cleared).
    Updated,
    /// The stored credentials are the same.
    Unchanged,
}

/// Why the seed failed.
#[derive(Debug, Error)]
pub enum SeedError {
    /// Some of the three variables are set, not all.
    #[error(
        "{missing} must be set too (DINAMIZE_API_USER, DINAMIZE_API_PASSWORD and DINAMIZE_CLIENT_CODE seed the default account together)"
    )]
    Incomplete {
        /// The names of the missing variables.
        missing: String,
    },
    /// Reading or writing the account failed.
    #[error("default Dinamize account: {0}")]
    Account(#[from] AccountError),
}

/// Seeds the default company's (`DEFAULT_COMPANY_ID`) account from the configuration: call it
/// at start-up after `db::companies::ensure_default`. Changed credentials also drop the
/// company's token everywhere (PostgreSQL and Redis), so no token of the old account is served.
pub async fn seed_default_account(
    config: &Config,
    tokens: &TokenService,
) -> Result<SeedOutcome, SeedError> {
    let Some(credentials) = configured(&config.dinamize)? else {
        return Ok(SeedOutcome::NotConfigured);
    };
    let limit = config.dinamize.rate_limit_per_minute;
    seed_account(tokens, DEFAULT_COMPANY_ID, credentials, limit).await
}

/// Makes `credentials` the company's account unless it already has exactly these (then its
/// misconfigured mark, if any, stays). A new account gets `default_limit` requests per minute
/// unless `credentials` says otherwise. Also usable to seed the embedded simulator's account.
pub async fn seed_account(
    tokens: &TokenService,
    company_id: i64,
    mut credentials: Credentials,
    default_limit: u32,
) -> Result<SeedOutcome, SeedError> {
    let existing = load(tokens.db(), company_id)
        .await
        .map_err(AccountError::from)?;
    match &existing {
        Some(account) if unchanged(account, &credentials, tokens.keyring()) => {
            return Ok(SeedOutcome::Unchanged);
        }
        Some(_) => {}
        None => {
            let limit = i32::try_from(default_limit).unwrap_or(i32::MAX);
            credentials.requests_per_minute = credentials.requests_per_minute.or(Some(limit));
        }
    }
    tokens.replace_credentials(company_id, &credentials).await?;
    let outcome = if existing.is_some() {
        SeedOutcome::Updated
    } else {
        SeedOutcome::Created
    };
    log::info!(
        "company {company_id}: Dinamize account {outcome:?} (user {}, client code {})",
        credentials.api_user,
        credentials.client_code
    );
    Ok(outcome)
}

/// The credentials the three variables give: none when none is set, an error naming the
/// missing ones when only some are.
fn configured(dinamize: &DinamizeConfig) -> Result<Option<Credentials>, SeedError> {
    match (&dinamize.user, &dinamize.password, &dinamize.client_code) {
        (None, None, None) => Ok(None),
        (Some(user), Some(password), Some(code)) => Ok(Some(Credentials {
            api_user: user.clone(),
            password: password.clone(),
            client_code: code.clone(),
            default_list_code: dinamize.default_list_code.clone(),
            requests_per_minute: None,
        })),
        (user, password, code) => {
            let missing: Vec<&str> = [
                (user.is_none(), "DINAMIZE_API_USER"),
                (password.is_none(), "DINAMIZE_API_PASSWORD"),
                (code.is_none(), "DINAMIZE_CLIENT_CODE"),
            ]
            .into_iter()
            .filter_map(|(absent, name)| absent.then_some(name))
            .collect();
            Err(SeedError::Incomplete {
                missing: missing.join(", "),
            })
        }
    }
}

/// True when the stored account already has these credentials.
fn unchanged(account: &Account, credentials: &Credentials, keyring: &Keyring) -> bool {
    let same_password = keyring
        .decrypt(
            account.company_id,
            Purpose::Password,
            &account.password_encrypted,
        )
        .is_ok_and(|stored| stored == *credentials.password.expose());
    same_password
        && account.api_user == credentials.api_user
        && account.client_code == credentials.client_code
        && (credentials.default_list_code.is_none()
            || account.default_list_code == credentials.default_list_code)
}
