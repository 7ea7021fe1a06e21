//! `dinamize-sync capture install | uninstall | check`.

use crate::capture::{self, CaptureMapping, TableName};
use crate::config::Config;
use crate::db;

use super::args::{CaptureCommand, CaptureInstallArgs};

/// Runs a capture command against the service's database; returns the exit code (2 for a
/// mapping that cannot be used, 1 when the database refused).
pub fn capture(config: Config, command: CaptureCommand) -> u8 {
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        let pool = db::connect(&config.database);
        let mut conn = match pool.get().await {
            Ok(conn) => conn,
            Err(error) => {
                eprintln!("capture: cannot connect to PostgreSQL: {error}");
                return 1;
            }
        };
        let outcome = match command {
            CaptureCommand::Install(args) => match parse(&args) {
                Ok((table, mapping)) => {
                    capture::install(&mut conn, &table, &mapping, args.copy_existing)
                        .await
                        .map(|()| format!("capture installed on {}", args.table))
                }
                Err(error) => {
                    eprintln!("capture: {error}");
                    return 2;
                }
            },
            CaptureCommand::Uninstall { table } => match TableName::parse(&table) {
                Ok(name) => capture::uninstall(&mut conn, &name)
                    .await
                    .map(|()| format!("capture removed from {table}")),
                Err(error) => {
                    eprintln!("capture: {error}");
                    return 2;
                }
            },
            CaptureCommand::Check => capture::check(&mut conn).await.map(report),
        };
        match outcome {
            Ok(text) => {
                println!("{text}");
                0
            }
            Err(error) => {
                eprintln!("capture: {error}");
                1
            }
        }
    })
}

fn parse(args: &CaptureInstallArgs) -> Result<(TableName, CaptureMapping), String> {
    let table = TableName::parse(&args.table).map_err(|e| e.to_string())?;
    let mapping = match &args.mapping {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("--mapping {}: {e}", path.display()))?;
            CaptureMapping::from_json(&text)
        }
        None => CaptureMapping::from_pairs(&args.columns, &args.custom),
    }
    .map_err(|e| e.to_string())?;
    Ok((table, mapping))
}

fn report(installed: Vec<capture::Installed>) -> String {
    if installed.is_empty() {
        return "no capture installed".into();
    }
    installed
        .iter()
        .map(|c| {
            format!(
                "{} ({}): {}",
                c.table,
                if c.enabled { "enabled" } else { "disabled" },
                c.mapping.as_deref().unwrap_or("{}")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
