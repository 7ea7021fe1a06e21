//! `dinamize-sync sync --backfill --wait` as a process: it starts the run, follows its phases
//! to the end while another instance works it, and prints the summary.

use super::helpers::{distinct_contacts, idle_app, workers};
use super::support::insert_leads;

#[actix_web::test]
async fn the_sync_command_starts_a_backfill_and_follows_its_phases() {
    let app = idle_app(5).await;
    insert_leads(&app.state.db, "cli", 12).await;
    let _workers = workers(&app).await;
    let redis = &app.ctx.config.redis;
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_dinamize-sync"))
        .args(["sync", "--company", "1", "--backfill", "--wait"])
        .env_clear()
        .current_dir(std::env::temp_dir())
        .env("DATABASE_URL", app.ctx.database_url())
        .env("REDIS_HOST", &redis.host)
        .env("REDIS_PORT", redis.port.to_string())
        .env("REDIS_KEY_PREFIX", &app.ctx.key_prefix)
        .env("SYNC_IMPORT_CHUNK_ROWS", "5")
        .env("RUST_LOG", "warn")
        .output()
        .await
        .expect("the binary runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert!(
        out.contains("started through the bulk import: 12 leads in 3 imports"),
        "{out}"
    );
    assert!(out.contains("12 of 12 done, 0 failed"), "{out}");
    assert_eq!(distinct_contacts(&app), (12, 12));
}
