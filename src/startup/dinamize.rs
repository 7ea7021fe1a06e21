//! Which Dinamize the service talks to: the configured one, or an embedded simulator started
//! here when `DINAMIZE_API_BASE_URL` is not set (so a fresh checkout runs with no settings).

use url::Url;

use crate::config::Config;
use crate::http::DinamizeMode;
use crate::sim::{self, Account, SimConfig, SimHandle};

/// The credentials the embedded simulator accepts: `DINAMIZE_API_USER` / `_PASSWORD` /
/// `DINAMIZE_CLIENT_CODE` when all are set, else the simulator's default account.
pub fn embedded_account(config: &Config) -> Account {
    let d = &config.dinamize;
    match (&d.user, &d.password, &d.client_code) {
        (Some(user), Some(password), Some(code)) => Account::new(user, password.expose(), code),
        _ => SimConfig::default().accounts.remove(0),
    }
}

/// Starts the embedded simulator when needed and says which Dinamize is in use.
pub async fn resolve(config: &Config) -> std::io::Result<(DinamizeMode, Option<SimHandle>)> {
    if let Some(base_url) = &config.dinamize.base_url {
        return Ok((
            DinamizeMode::Remote {
                base_url: base_url.clone(),
            },
            None,
        ));
    }
    let sim_config = SimConfig {
        accounts: vec![embedded_account(config)],
        rate_limit: config.dinamize.rate_limit_per_minute,
        window: config.limiter.window,
        codes: (&config.dinamize.codes).into(),
        ..SimConfig::default()
    };
    let handle = sim::start(sim_config, "127.0.0.1:0").await?;
    let base_url = Url::parse(&handle.base_url()).map_err(std::io::Error::other)?;
    log::warn!(
        "no DINAMIZE_API_BASE_URL: using the EMBEDDED Dinamize SIMULATOR at {base_url}; nothing reaches the real Dinamize"
    );
    Ok((DinamizeMode::EmbeddedSimulator { base_url }, Some(handle)))
}
