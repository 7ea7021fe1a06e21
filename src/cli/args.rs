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
}
