//! The loop each instance with sync workers runs: every tick, take any backfill run whose
//! lease is over (a new run, or one whose instance died) and work it.

use std::time::Duration;

use super::execute::Backfiller;

/// Works backfill runs as they appear, every `tick`, for the life of the process.
pub async fn watch(backfiller: Backfiller, tick: Duration) {
    loop {
        while backfiller.work_one().await {}
        tokio::time::sleep(tick).await;
    }
}
