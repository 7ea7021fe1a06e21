//! Start-up seed: when `DINAMIZE_API_USER`, `DINAMIZE_API_PASSWORD` and
//! `DINAMIZE_CLIENT_CODE` are set, they are the default company's account. An unchanged
//! account is left alone (a misconfigured mark stays until the credentials really change).

use thiserror::Error;

use crate::config::Config;
use crate::crypto::{Keyring, Purpose};
use crate::db::DbPool;
use crate::db::companies::DEFAULT_COMPANY_ID;

use super::store::{AccountError, Credentials, load, set_credentials};

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

/// Seeds the default company's (`DEFAULT_COMPANY_ID`) account from the configuration. Call it
/// after `db::companies::ensure_default`. When it returns `Updated`, also send
/// `Invalidate { company_id: DEFAULT_COMPANY_ID }` if a `TokenActor` already runs.
pub async fn seed_default_account(
    config: &Config,
    db: &DbPool,
    keyring: &Keyring,
) -> Result<SeedOutcome, SeedError> {
    let dinamize = &config.dinamize;
    let (user, password, client_code) =
        match (&dinamize.user, &dinamize.password, &dinamize.client_code) {
            (None, None, None) => return Ok(SeedOutcome::NotConfigured),
            (Some(user), Some(password), Some(code)) => (user, password, code),
            (user, password, code) => {
                let missing: Vec<&str> = [
                    (user.is_none(), "DINAMIZE_API_USER"),
                    (password.is_none(), "DINAMIZE_API_PASSWORD"),
                    (code.is_none(), "DINAMIZE_CLIENT_CODE"),
                ]
                .into_iter()
                .filter_map(|(absent, name)| absent.then_some(name))
                .collect();
                return Err(SeedError::Incomplete {
                    missing: missing.join(", "),
                });
            }
        };
    let company_id = DEFAULT_COMPANY_ID;
    let existing = load(db, company_id).await.map_err(AccountError::from)?;
    if let Some(account) = &existing {
        let same_password = keyring
            .decrypt(company_id, Purpose::Password, &account.password_encrypted)
            .is_ok_and(|stored| stored == *password.expose());
        if same_password && account.api_user == *user && account.client_code == *client_code {
            return Ok(SeedOutcome::Unchanged);
        }
    }
    let credentials = Credentials {
        api_user: user.clone(),
        password: password.clone(),
        client_code: client_code.clone(),
        default_list_code: None,
        // A new account starts at DINAMIZE_RATE_LIMIT_PER_MINUTE; an existing one keeps its own.
        requests_per_minute: existing
            .is_none()
            .then(|| i32::try_from(dinamize.rate_limit_per_minute).unwrap_or(i32::MAX)),
    };
    set_credentials(db, keyring, company_id, &credentials).await?;
    let outcome = if existing.is_some() {
        SeedOutcome::Updated
    } else {
        SeedOutcome::Created
    };
    log::info!(
        "default company's Dinamize account {outcome:?} from DINAMIZE_API_* (user {user}, client code {client_code})"
    );
    Ok(outcome)
}
