//! The `dinamize-sync` binary: parse the command line, load configuration, run.

use std::process::ExitCode;

use clap::Parser;
use dinamize_sync::cli::{self, Cli, Command};
use dinamize_sync::config::Config;
use dinamize_sync::telemetry;

/// Exit code for configuration that cannot be used.
const EXIT_BAD_CONFIG: u8 = 2;

fn main() -> ExitCode {
    // A missing .env is normal; a malformed one is reported by the variables it leaves unset.
    // Read before parsing: calibrate takes its Dinamize settings from flags or variables.
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    telemetry::init();
    // The simulator needs none of the service's configuration.
    let cli = match cli.command {
        Command::Simulate(args) => return exit_code(dinamize_sync::sim::cli::run(*args)),
        Command::Calibrate(args) => return ExitCode::from(cli::calibrate(*args)),
        command => command,
    };
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("configuration error: {error}");
            return ExitCode::from(EXIT_BAD_CONFIG);
        }
    };
    let code = match cli {
        Command::Serve => cli::serve(config),
        Command::Migrate => cli::migrate(config),
        Command::Token(args) => cli::token(&config, args),
        Command::RotateKeys => cli::rotate_keys(config),
        Command::Capture(command) => cli::capture(config, command),
        Command::Simulate(_) | Command::Calibrate(_) => {
            unreachable!("handled before configuration")
        }
    };
    ExitCode::from(code)
}

fn exit_code(outcome: std::io::Result<()>) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("simulator: {error}");
            ExitCode::FAILURE
        }
    }
}
