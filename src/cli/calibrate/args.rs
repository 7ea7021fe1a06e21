//! Flags of `calibrate`. The Dinamize settings are read from the same variables as the
//! service's, and nothing else of its configuration is needed (no database, Redis or secrets).

use std::path::PathBuf;

/// Flags of `dinamize-sync calibrate`.
#[derive(Debug, Clone, clap::Args)]
pub struct CalibrateArgs {
    /// The Dinamize to calibrate against.
    #[arg(long, env = "DINAMIZE_API_BASE_URL")]
    pub base_url: url::Url,
    /// The API user.
    #[arg(long, env = "DINAMIZE_API_USER")]
    pub user: String,
    /// The API password (never printed nor written to the report).
    #[arg(long, env = "DINAMIZE_API_PASSWORD", hide_env_values = true)]
    pub password: String,
    /// The client code.
    #[arg(long, env = "DINAMIZE_CLIENT_CODE")]
    pub client_code: String,
    /// Also make changes: add (an invalid e-mail, one contact twice), update, delete and a
    /// two-row import, all in the list given by `--list` (use a scratch list).
    #[arg(long, requires = "list")]
    pub allow_writes: bool,
    /// The list to search (and, with `--allow-writes`, to write to); default: the first list.
    #[arg(long)]
    pub list: Option<String>,
    /// Most requests calibrate may send, logins included; steps beyond it are skipped.
    #[arg(long, default_value_t = 20)]
    pub max_requests: u32,
    /// Requests per minute the account allows (the limiter paces calibrate by it).
    #[arg(long, env = "DINAMIZE_RATE_LIMIT_PER_MINUTE", default_value_t = 60)]
    pub rate_limit_per_minute: u32,
    /// One request's timeout, in ms.
    #[arg(long, env = "DINAMIZE_REQUEST_TIMEOUT", default_value_t = 20_000)]
    pub request_timeout_ms: u64,
    /// Where the JSON report goes.
    #[arg(long, default_value = "calibrate-report.json")]
    pub report: PathBuf,
}
