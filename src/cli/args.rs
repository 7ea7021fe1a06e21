//! Subcommands and their flags.

use clap::{Parser, Subcommand};

/// Keeps the DWU CRM's leads in step with Dinamize contact lists.
///
/// Configuration comes from the environment (and a `.env` file when present); see README.md.
#[derive(Debug, Parser)]
#[command(name = "dinamize-sync", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What to run.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the service: migrate, then serve the REST API and the sync workers.
    Serve,
    /// Create the database if needed and apply pending migrations, then exit.
    Migrate,
    /// Re-encrypt every stored token and password under ENCRYPT_TOKEN_KEY (after a key change,
    /// with the old key listed in ENCRYPT_TOKEN_PREVIOUS_KEYS).
    RotateKeys,
    /// Print a JWT signed with JWT_SECRET, for calling the API locally.
    Token(TokenArgs),
    /// Run the Dinamize simulator alone (no database or Redis needed).
    Simulate(Box<crate::sim::cli::SimulateArgs>),
    /// Learn the codes Dinamize has not published from a real account; print the
    /// DINAMIZE_CODE_* lines and write a report (read-only unless --allow-writes).
    Calibrate(Box<super::CalibrateArgs>),
    /// Capture the CRM's own leads table: install, remove or list the trigger that copies its
    /// rows into the service's leads.
    #[command(subcommand)]
    Capture(CaptureCommand),
}

/// `dinamize-sync capture ...`.
#[derive(Debug, Subcommand)]
pub enum CaptureCommand {
    /// Install (or replace) the capture trigger on a table.
    Install(CaptureInstallArgs),
    /// Remove the capture trigger of a table.
    Uninstall {
        /// `schema.table` of the CRM's leads.
        #[arg(long)]
        table: String,
    },
    /// List the installed captures and their mappings.
    Check,
}

/// Flags of `dinamize-sync capture install`.
#[derive(Debug, clap::Args)]
pub struct CaptureInstallArgs {
    /// `schema.table` of the CRM's leads, e.g. `dwu_crm_dev.crm_leads`.
    #[arg(long)]
    pub table: String,
    /// `field=column` pairs for id, company, email (required), name, phone, external_code,
    /// deleted_at, e.g. `id=dwu_id,company=dwu_company_id,email=dwu_email`.
    #[arg(long, value_delimiter = ',')]
    pub columns: Vec<String>,
    /// `name=column` pairs copied into the lead's custom fields, e.g. `segment=dwu_segment`.
    #[arg(long, value_delimiter = ',')]
    pub custom: Vec<String>,
    /// A JSON file with the mapping instead of `--columns`/`--custom`
    /// (`{"id": "...", "company": "...", "email": "...", "custom_fields": {...}}`).
    #[arg(long, conflicts_with_all = ["columns", "custom"])]
    pub mapping: Option<std::path::PathBuf>,
    /// Also copy the rows the table holds now (a first connection).
    #[arg(long)]
    pub copy_existing: bool,
}

/// Flags of `dinamize-sync token`.
#[derive(Debug, clap::Args)]
pub struct TokenArgs {
    /// The company the token acts for (`companyId`).
    #[arg(long, default_value_t = 1)]
    pub company: i64,
    /// More companies the token may select with `X-Company-Id` (`companyIds`).
    #[arg(long, value_delimiter = ',')]
    pub companies: Vec<i64>,
    /// OWNER, ADMIN, MANAGER or USER.
    #[arg(long, default_value = "ADMIN")]
    pub role: crate::auth::Role,
    /// The user (`sub`).
    #[arg(long, default_value = "local-admin")]
    pub sub: String,
    /// Minutes until the token expires.
    #[arg(long, default_value_t = 60)]
    pub ttl_minutes: i64,
}
