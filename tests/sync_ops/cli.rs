//! `dinamize-sync sync` as a process, against the test's database and Redis while a service
//! instance works the queue.

use std::process::Output;

use super::common::TestApp;
use super::support::{contact, insert_lead, number, sync_app};

/// Runs `dinamize-sync sync <args>` with only the test's settings in its environment.
async fn sync_command(app: &TestApp, args: &[&str]) -> Output {
    let dir = std::env::temp_dir();
    let redis = &app.ctx.config.redis;
    tokio::process::Command::new(env!("CARGO_BIN_EXE_dinamize-sync"))
        .arg("sync")
        .args(args)
        .env_clear()
        .current_dir(dir)
        .env("DATABASE_URL", app.ctx.database_url())
        .env("REDIS_HOST", &redis.host)
        .env("REDIS_PORT", redis.port.to_string())
        .env("REDIS_KEY_PREFIX", &app.ctx.key_prefix)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[actix_web::test]
async fn the_sync_command_dry_runs_runs_and_waits_and_fails_when_jobs_failed() {
    let app = sync_app(|env| env).await;
    let db = &app.state.db;
    insert_lead(db, 1, "cli1@example.com", "C1").await;
    insert_lead(db, 1, "cli2@example.com", "C2").await;
    super::support::drained(db, 30).await;

    let dry = sync_command(&app, &["--company", "1", "--full", "--dry-run"]).await;
    assert!(dry.status.success(), "{dry:?}");
    assert!(
        stdout(&dry).contains("0 create, 0 update, 0 delete, 2 unchanged, 0 invalid"),
        "{}",
        stdout(&dry)
    );

    let full = sync_command(&app, &["--company", "1", "--full", "--wait"]).await;
    assert!(full.status.success(), "{full:?}");
    let out = stdout(&full);
    assert!(
        out.contains("2 leads enqueued") && out.contains("2 of 2 done, 0 failed"),
        "{out}"
    );

    let lead = insert_lead(db, 1, "cli3@example.com", "C3")
        .await
        .to_string();
    let one = sync_command(&app, &["--company", "1", "--lead", &lead, "--wait"]).await;
    assert!(one.status.success(), "{one:?}");
    assert!(stdout(&one).contains("completed"));
    assert!(contact(&app, "cli3@example.com").is_some());

    insert_lead(db, 1, "broken", "B").await;
    let failing = sync_command(&app, &["--company", "1", "--incremental", "--wait"]).await;
    assert_eq!(failing.status.code(), Some(1), "{failing:?}");
    assert!(
        stdout(&failing).contains("1 failed"),
        "{}",
        stdout(&failing)
    );
    let cli_runs = "SELECT count(*) AS n FROM crm_sync_runs WHERE started_by = 'cli'";
    assert_eq!(number(db, cli_runs).await, 3);

    let unknown = sync_command(&app, &["--company", "1", "--lead", "999999"]).await;
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no lead 999999"));
}
