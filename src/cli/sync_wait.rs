//! `dinamize-sync sync --wait`: following a run or a job to its end, with a progress bar on a
//! terminal (`indicatif`) and plain lines otherwise (logs, CI), then a summary.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use diesel_async::AsyncPgConnection;
use indicatif::{ProgressBar, ProgressStyle};

use crate::sync::admin;
use crate::sync::runs::{self, Run};

/// How often progress is read from PostgreSQL.
const POLL: Duration = Duration::from_millis(250);

/// Follows `run` until it is finished; the exit code (1 when jobs failed).
pub async fn follow_run(conn: &mut AsyncPgConnection, mut run: Run) -> Result<u8, String> {
    let started = Instant::now();
    let bar = std::io::stderr()
        .is_terminal()
        .then(|| progress_bar(run.total));
    let mut shown = None;
    while run.status != "finished" {
        let step = run.phase_label();
        let now = (run.done, run.failed, step.clone());
        if shown.as_ref() != Some(&now) {
            let step = step.map(|s| format!("{s}, ")).unwrap_or_default();
            match &bar {
                Some(bar) => {
                    bar.set_length(run.total.max(0) as u64);
                    bar.set_position((run.done + run.failed) as u64);
                    bar.set_message(format!("{step}{} failed", run.failed));
                }
                None => println!(
                    "run {}: {step}{}/{} done, {} failed",
                    run.id, run.done, run.total, run.failed
                ),
            }
            shown = Some(now);
        }
        tokio::time::sleep(POLL).await;
        run = runs::get(conn, run.company_id, run.id)
            .await
            .map_err(|e| format!("PostgreSQL: {e}"))?
            .ok_or_else(|| format!("run {} is gone", run.id))?;
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    println!(
        "run {} finished in {:.1} s: {} of {} done, {} failed",
        run.id,
        started.elapsed().as_secs_f64(),
        run.done,
        run.total,
        run.failed
    );
    if let Some(error) = &run.error {
        println!("run {} failed: {error}", run.id);
    }
    Ok(u8::from(run.failed > 0 || run.error.is_some()))
}

fn progress_bar(total: i32) -> ProgressBar {
    let bar = ProgressBar::new(total.max(0) as u64);
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} jobs ({msg}) {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// Follows job `id` until it completed or failed; the exit code (1 when it failed).
pub async fn follow_job(conn: &mut AsyncPgConnection, company: i64, id: i64) -> Result<u8, String> {
    loop {
        let job = admin::get_job(conn, company, id)
            .await
            .map_err(|e| format!("PostgreSQL: {e}"))?
            .ok_or_else(|| format!("job {id} is gone (removed by retention)"))?;
        match job.status.as_str() {
            "completed" => {
                println!("job {id} completed");
                return Ok(0);
            }
            "failed" => {
                let error = job.last_error.unwrap_or_default();
                println!("job {id} failed after {} attempts: {error}", job.attempts);
                return Ok(1);
            }
            _ => tokio::time::sleep(POLL).await,
        }
    }
}
