//! The retention sweeper: finished jobs and old attempt-log rows are deleted by age
//! (`SYNC_REMOVE_COMPLETED_AFTER`, `SYNC_REMOVE_FAILED_AFTER`, `SYNC_LOG_RETENTION_DAYS`),
//! in bounded batches so that one sweep never holds long locks. Every instance may sweep:
//! the deletes are idempotent.

use chrono::{DateTime, Utc};
use diesel::sql_types::{Int8, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::config::RetentionConfig;

/// Rows deleted per table per sweep; a backlog is worked off over the next sweeps.
pub const SWEEP_BATCH: i64 = 10_000;

/// What one sweep deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub completed: usize,
    pub failed: usize,
    pub logs: usize,
}

/// Deletes what `retention` no longer keeps at `now`.
pub async fn sweep(
    conn: &mut AsyncPgConnection,
    retention: &RetentionConfig,
    now: DateTime<Utc>,
) -> diesel::QueryResult<Swept> {
    let before = |age: std::time::Duration| {
        now - chrono::Duration::from_std(age).unwrap_or(chrono::Duration::MAX)
    };
    let completed = jobs(conn, "completed", before(retention.completed_after)).await?;
    let failed = jobs(conn, "failed", before(retention.failed_after)).await?;
    let log_cutoff = now - chrono::Duration::days(i64::from(retention.log_days));
    let logs = diesel::sql_query(
        "DELETE FROM crm_sync_logs WHERE id IN ( \
             SELECT id FROM crm_sync_logs WHERE created_at < $1 LIMIT $2)",
    )
    .bind::<Timestamptz, _>(log_cutoff)
    .bind::<Int8, _>(SWEEP_BATCH)
    .execute(conn)
    .await?;
    Ok(Swept {
        completed,
        failed,
        logs,
    })
}

/// Deletes `status` jobs (`completed` or `failed`) that ended before `cutoff`. The status is
/// written into the SQL, not bound, so that the planner uses the partial index of finished
/// jobs by `completed_at` whatever the plan cache does.
async fn jobs(
    conn: &mut AsyncPgConnection,
    status: &'static str,
    cutoff: DateTime<Utc>,
) -> diesel::QueryResult<usize> {
    diesel::sql_query(format!(
        "DELETE FROM crm_sync_queue WHERE id IN ( \
             SELECT id FROM crm_sync_queue \
             WHERE status = '{status}' AND completed_at < $1 LIMIT $2)"
    ))
    .bind::<Timestamptz, _>(cutoff)
    .bind::<Int8, _>(SWEEP_BATCH)
    .execute(conn)
    .await
}
