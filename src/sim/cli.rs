//! `dinamize-sync simulate`: the simulator as a standalone server, set up by flags and files
//! (accounts, codes); never by the client's `DINAMIZE_CODE_*`, so the two can disagree on purpose.

use super::codes::SimCodes;
use super::config::{Account, DuplicatePolicy, Language, SimConfig};
use super::faults::FaultSettings;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// Flags of `simulate`.
#[derive(Debug, Clone, clap::Args)]
pub struct SimulateArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8090)]
    pub port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// An account as `user:password:client_code` (repeatable; replaces the default account).
    #[arg(long = "account", value_parser = Account::parse)]
    pub accounts: Vec<Account>,
    /// A JSON file holding `[{"user", "password", "client_code", "manager"?, "lists"?,
    /// "fields"?}]`: `lists` as `[{"code", "title"}]`, `fields` as `[{"code", "title", "type"
    /// ("VC" or "LV"), "is_uniquevalue"?, "options"?: [{"code", "value"}]}]`; an account naming
    /// neither gets the default layout.
    #[arg(long)]
    pub accounts_file: Option<PathBuf>,
    /// Requests allowed per client code in any window (0: no limit).
    #[arg(long, default_value_t = 60)]
    pub limit: u32,
    /// The sliding window of the limit, in milliseconds.
    #[arg(long, default_value_t = 60_000)]
    pub window_ms: u64,
    /// Minutes without use after which a token expires.
    #[arg(long, default_value_t = 60)]
    pub token_idle_minutes: u64,
    /// Hours after `/auth` after which a token expires.
    #[arg(long, default_value_t = 24)]
    pub token_max_age_hours: u64,
    /// Language of `code_detail`.
    #[arg(long, value_enum, default_value = "pt")]
    pub language: Language,
    /// What adding an e-mail already in the list does.
    #[arg(long, value_enum, default_value = "reject")]
    pub duplicates: DuplicatePolicy,
    /// Fixed delay before every answer, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Lower end of a random extra delay, in milliseconds.
    #[arg(long)]
    pub latency_min_ms: Option<u64>,
    /// Upper end of a random extra delay, in milliseconds.
    #[arg(long)]
    pub latency_max_ms: Option<u64>,
    /// Fraction (0..1) of requests answered with `--error-code`.
    #[arg(long, default_value_t = 0.0)]
    pub error_rate: f64,
    /// Code answered by the error rate.
    #[arg(long, default_value = super::faults::DEFAULT_ERROR_CODE)]
    pub error_code: String,
    /// Fraction (0..1) of requests that never get an answer.
    #[arg(long, default_value_t = 0.0)]
    pub timeout_rate: f64,
    /// Answer 240024 to every request for this many seconds from the start.
    #[arg(long, default_value_t = 0)]
    pub storm_secs: u32,
    /// Polls of `/emkt/import/get` answering `processing` before `finished`.
    #[arg(long, default_value_t = 1)]
    pub import_processing_polls: u32,
    /// Milliseconds after its file was accepted during which an import answers `processing`.
    #[arg(long, default_value_t = 0)]
    pub import_processing_ms: u64,
    /// Contacts to seed into list 1 of the first account at start.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// The codes Dinamize has not published, from a JSON file: a `calibrate` report (its
    /// `codes`) or a table `{"expired_token": "...", ...}`; absent codes keep their placeholder.
    /// The simulator's codes are its own: it never reads the client's `DINAMIZE_CODE_*`.
    #[arg(long)]
    pub codes: Option<PathBuf>,
    /// Expired or unknown token (overrides `--codes`; placeholder 240005).
    #[arg(long)]
    pub code_expired_token: Option<String>,
    /// E-mail already in the list (overrides `--codes`; placeholder 240100).
    #[arg(long)]
    pub code_duplicate_contact: Option<String>,
    /// Contact not found (overrides `--codes`; placeholder 240101).
    #[arg(long)]
    pub code_not_found: Option<String>,
    /// Invalid e-mail (overrides `--codes`; placeholder 240102).
    #[arg(long)]
    pub code_invalid_email: Option<String>,
    /// Contact list not found (overrides `--codes`; placeholder 240103).
    #[arg(long)]
    pub code_list_not_found: Option<String>,
    /// Invalid request (overrides `--codes`; placeholder 240104).
    #[arg(long)]
    pub code_invalid_request: Option<String>,
}

impl SimulateArgs {
    /// The simulator settings these flags describe.
    pub fn to_config(&self) -> io::Result<SimConfig> {
        let mut accounts = self.accounts.clone();
        if let Some(path) = &self.accounts_file {
            accounts.extend(read_accounts(path)?);
        }
        let defaults = SimConfig::default();
        let faults = FaultSettings {
            latency_ms: self.latency_ms,
            latency_min_ms: self.latency_min_ms,
            latency_max_ms: self.latency_max_ms,
            error_rate: self.error_rate.clamp(0.0, 1.0),
            error_code: self.error_code.clone(),
            timeout_rate: self.timeout_rate.clamp(0.0, 1.0),
            lost_answer_rate: 0.0,
            storm_until: (self.storm_secs > 0).then(|| {
                chrono::Utc::now() + chrono::Duration::seconds(i64::from(self.storm_secs))
            }),
            ..FaultSettings::default()
        };
        Ok(SimConfig {
            accounts: if accounts.is_empty() {
                defaults.accounts.clone()
            } else {
                accounts
            },
            rate_limit: self.limit,
            window: Duration::from_millis(self.window_ms.max(1)),
            token_idle: Duration::from_secs(self.token_idle_minutes * 60),
            token_max_age: Duration::from_secs(self.token_max_age_hours * 3600),
            language: self.language,
            duplicates: self.duplicates,
            codes: self.codes()?,
            import_processing_polls: self.import_processing_polls,
            import_processing: std::time::Duration::from_millis(self.import_processing_ms),
            faults,
            ..defaults
        })
    }

    fn codes(&self) -> io::Result<SimCodes> {
        let mut codes = match &self.codes {
            Some(path) => SimCodes::load(path)?,
            None => SimCodes::default(),
        };
        let overrides = [
            (&self.code_expired_token, &mut codes.expired_token),
            (&self.code_duplicate_contact, &mut codes.duplicate_contact),
            (&self.code_not_found, &mut codes.not_found),
            (&self.code_invalid_email, &mut codes.invalid_email),
            (&self.code_list_not_found, &mut codes.list_not_found),
            (&self.code_invalid_request, &mut codes.invalid_request),
        ];
        for (flag, slot) in overrides {
            if let Some(code) = flag {
                *slot = code.clone();
            }
        }
        Ok(codes)
    }
}

/// The accounts of an accounts file, their layouts checked.
fn read_accounts(path: &std::path::Path) -> io::Result<Vec<Account>> {
    let invalid = |e: String| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}: {e}", path.display()),
        )
    };
    let text = std::fs::read_to_string(path)?;
    let accounts: Vec<Account> = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    for account in &accounts {
        account.check_layout().map_err(invalid)?;
    }
    Ok(accounts)
}

/// Runs the simulator in its own actix System until Ctrl-C or SIGTERM.
pub fn run(args: SimulateArgs) -> io::Result<()> {
    let config = args.to_config()?;
    let addr = format!("{}:{}", args.host, args.port);
    actix_rt::System::new().block_on(async move {
        let sim = super::start(config, &addr).await?;
        if args.seed > 0 {
            let client_code = sim.state().default_client_code();
            sim.state()
                .seed_contacts(&client_code, 1, args.seed)
                .map_err(io::Error::other)?;
        }
        log::info!(
            "Dinamize simulator ready at {} (Ctrl-C stops it)",
            sim.base_url()
        );
        shutdown_signal().await?;
        sim.stop().await;
        Ok(())
    })
}

async fn shutdown_signal() -> io::Result<()> {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        result = tokio::signal::ctrl_c() => result,
        _ = term.recv() => Ok(()),
    }
}
