//! The `dinamize-sync` binary: parse the command line, load configuration, run.

use std::process::ExitCode;

use clap::Parser;
use dinamize_sync::cli::{self, Cli, Command};
use dinamize_sync::config::Config;
use dinamize_sync::telemetry;

/// Exit code for configuration that cannot be used.
const EXIT_BAD_CONFIG: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A missing .env is normal; a malformed one is reported by the variables it leaves unset.
    let _ = dotenvy::dotenv();
    telemetry::init();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("configuration error: {error}");
            return ExitCode::from(EXIT_BAD_CONFIG);
        }
    };
    let code = match cli.command {
        Command::Serve => cli::serve(config),
        Command::Migrate => cli::migrate(config),
        Command::Token(args) => cli::token(&config, args),
    };
    ExitCode::from(code)
}
