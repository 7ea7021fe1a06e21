//! `dinamize-sync sync`: one lead now, or a resync run of a company, through the same
//! functions the `/api/dinamize/sync/*` routes call, straight against the database (no HTTP
//! server needed). The Redis wake-up tells running services to start at once.

use diesel_async::AsyncPgConnection;

use super::sync_wait::{follow_job, follow_run};
use crate::config::Config;
use crate::db;
use crate::redis::RedisHandle;
use crate::sync::runs::{self, INVALID_LISTED, Run, RunMode, StartError};
use crate::sync::wake;

/// Flags of `dinamize-sync sync`.
#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// The company.
    #[arg(long)]
    pub company: i64,
    /// Sync this lead now, ahead of the company's backlog.
    #[arg(long, conflicts_with_all = ["full", "incremental", "backfill", "dry_run"])]
    pub lead: Option<i64>,
    /// A full run: every live lead (through the bulk import past `SYNC_IMPORT_THRESHOLD`).
    #[arg(long, conflicts_with_all = ["incremental", "backfill"])]
    pub full: bool,
    /// A backfill: every live lead through Dinamize's bulk import, whatever their number.
    #[arg(long, conflicts_with = "incremental")]
    pub backfill: bool,
    /// An incremental run (the default): leads changed since their last success, or never
    /// synced.
    #[arg(long)]
    pub incremental: bool,
    /// Count what the run would do; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Follow the job or run to its end (a progress bar on a terminal, lines otherwise); the
    /// exit code is 1 when jobs failed. Interrupting leaves the run going.
    #[arg(long)]
    pub wait: bool,
}

/// Runs the command; returns the exit code (0, or 1 on an error or failed jobs).
pub fn sync(config: Config, args: SyncArgs) -> u8 {
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        match run(&config, &args).await {
            Ok(code) => code,
            Err(message) => {
                eprintln!("sync: {message}");
                1
            }
        }
    })
}

async fn run(config: &Config, args: &SyncArgs) -> Result<u8, String> {
    let pool = db::connect(&config.database);
    let redis = RedisHandle::new(&config.redis).map_err(|e| format!("Redis settings: {e}"))?;
    let mut conn = pool.get().await.map_err(|e| format!("PostgreSQL: {e}"))?;
    if let Some(lead) = args.lead {
        let job = runs::enqueue_lead(&mut conn, args.company, lead)
            .await
            .map_err(|e| format!("PostgreSQL: {e}"))?
            .ok_or_else(|| format!("company {} has no lead {lead}", args.company))?;
        println!("lead {lead}: job {job} enqueued ahead of the company's backlog");
        wake::publish(&redis, args.company).await;
        return Ok(if args.wait {
            follow_job(&mut conn, args.company, job).await?
        } else {
            0
        });
    }
    let mode = if args.backfill {
        RunMode::Backfill
    } else if args.full {
        RunMode::Full
    } else {
        RunMode::Incremental
    };
    let run = start(&mut conn, config, args.company, mode, args.dry_run).await?;
    if run.dry_run {
        print_dry_run(&run);
        return Ok(0);
    }
    match run.phase {
        Some(_) => println!(
            "run {} ({mode}) started through the bulk import: {} leads in {} imports \
             (an instance with sync workers does it)",
            run.id, run.total, run.imports_total
        ),
        None => println!(
            "run {} ({mode}) started: {} leads enqueued",
            run.id, run.total
        ),
    }
    wake::publish(&redis, args.company).await;
    if args.wait {
        follow_run(&mut conn, run).await
    } else {
        Ok(0)
    }
}

async fn start(
    conn: &mut AsyncPgConnection,
    config: &Config,
    company: i64,
    mode: RunMode,
    dry: bool,
) -> Result<Run, String> {
    runs::begin(conn, company, mode, dry, "cli", &config.sync.import)
        .await
        .map_err(|error| match error {
            StartError::AlreadyRunning(id) => {
                format!("run {id} of company {company} is still running; wait for it")
            }
            StartError::Database(e) => format!("PostgreSQL: {e}"),
        })
}

fn print_dry_run(run: &Run) {
    println!(
        "dry run {} ({}): {} leads: {} create, {} update, {} delete, {} unchanged, {} invalid",
        run.id,
        run.mode,
        run.total,
        run.would_create.unwrap_or(0),
        run.would_update.unwrap_or(0),
        run.would_delete.unwrap_or(0),
        run.unchanged.unwrap_or(0),
        run.invalid.unwrap_or(0),
    );
    println!("(a create turns into an update when Dinamize already holds the e-mail)");
    let listed: Vec<runs::InvalidLead> =
        serde_json::from_value(run.invalid_leads.clone()).unwrap_or_default();
    for lead in &listed {
        let email = lead.email.as_deref().unwrap_or("-");
        println!("invalid: lead {} <{email}>: {}", lead.lead_id, lead.reason);
    }
    if run.invalid.unwrap_or(0) as usize > listed.len() {
        println!("(only the first {INVALID_LISTED} invalid leads are listed)");
    }
}
