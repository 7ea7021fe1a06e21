//! The `simulate` flags become simulator settings.

use clap::Parser;
use dinamize_sync::sim::cli::SimulateArgs;
use dinamize_sync::sim::{Account, DuplicatePolicy, Language};
use std::time::Duration;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: SimulateArgs,
}

fn config(flags: &[&str]) -> dinamize_sync::sim::SimConfig {
    let cli =
        Cli::try_parse_from(std::iter::once("simulate").chain(flags.iter().copied())).unwrap();
    cli.args.to_config().unwrap()
}

#[test]
fn no_flags_give_the_default_account_and_limit() {
    let config = config(&[]);
    assert_eq!(
        config.accounts,
        [Account::new("sim@dwu.local", "sim-password", "300001")]
    );
    assert_eq!(
        (config.rate_limit, config.window),
        (60, Duration::from_secs(60))
    );
    assert_eq!(config.language, Language::Pt);
}

#[test]
fn repeated_accounts_a_file_and_settings_are_all_taken() {
    let dir = std::env::temp_dir().join(format!("sim-accounts-{}", std::process::id()));
    std::fs::write(
        &dir,
        r#"[{"user": "f@x", "password": "pf", "client_code": "300009", "manager": true}]"#,
    )
    .unwrap();
    let file = dir.to_str().unwrap();
    let flags = [
        "--account",
        "a@x:p:w:300001",
        "--account",
        "b@x:pb:300002",
        "--accounts-file",
        file,
        "--limit",
        "5",
        "--window-ms",
        "1000",
        "--language",
        "en",
        "--duplicates",
        "allow",
        "--latency-ms",
        "20",
        "--error-rate",
        "0.5",
        "--error-code",
        "250000",
        "--timeout-rate",
        "0.1",
    ];
    let config = config(&flags);
    std::fs::remove_file(&dir).unwrap();
    let users: Vec<(&str, &str, &str, bool)> = config
        .accounts
        .iter()
        .map(|a| {
            (
                a.user.as_str(),
                a.password.as_str(),
                a.client_code.as_str(),
                a.manager,
            )
        })
        .collect();
    assert_eq!(
        users,
        [
            ("a@x", "p:w", "300001", false),
            ("b@x", "pb", "300002", false),
            ("f@x", "pf", "300009", true)
        ]
    );
    assert_eq!(
        (config.rate_limit, config.window),
        (5, Duration::from_secs(1))
    );
    assert_eq!(
        (config.language, config.duplicates),
        (Language::En, DuplicatePolicy::Allow)
    );
    assert_eq!(
        (config.faults.latency_ms, config.faults.error_rate),
        (20, 0.5)
    );
    assert_eq!(
        (
            config.faults.error_code.as_str(),
            config.faults.timeout_rate
        ),
        ("250000", 0.1)
    );
}

#[test]
fn a_malformed_account_is_refused() {
    assert!(Cli::try_parse_from(["simulate", "--account", "just-a-user"]).is_err());
}
