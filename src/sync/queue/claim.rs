//! Claiming the next job of one company.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::sql_types::{Double, Int8, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::cached_sql::cached_sql;
use crate::sync::job::ClaimedJob;

/// The company's next due job, in order (hand-picked first, then oldest due), taken under a
/// lease until `now + lease` with a fresh fence. Rows other instances are claiming are
/// skipped, not waited for. `None` when the company has nothing due.
///
/// The claim commits without waiting for its WAL flush (`synchronous_commit` off for this
/// transaction only): on this machine a flush takes about 10 ms, the claim's wait was half a
/// job's cost, and a lost claim loses nothing. WAL is written in order, so the job's result,
/// which commits synchronously, makes its claim durable first; a claim lost in a PostgreSQL
/// crash leaves the job queued under its old fence, where another claim finds it, and the
/// old worker's result no longer matches the fence: the same as a lease that ran out. For
/// that, a fence is never handed out twice even when a claim is lost: a new fence is the
/// clock in microseconds when that is above the old fence + 1, so the claim after a crash
/// cannot repeat the lost claim's value.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    now: DateTime<Utc>,
    lease: Duration,
) -> diesel::QueryResult<Option<ClaimedJob>> {
    let mut rows: Vec<ClaimedJob> = cached_sql(
        "WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)) \
         UPDATE crm_sync_queue q SET status = 'processing', \
             fence = greatest(q.fence + 1, (extract(epoch FROM clock_timestamp()) * 1e6)::int8), \
             lease_until = $2 + make_interval(secs => $3), started_at = $2, updated_at = $2 \
         WHERE q.id = ( \
             SELECT id FROM crm_sync_queue \
             WHERE company_id = $1 AND status = 'queued' AND next_attempt_at <= $2 \
             ORDER BY priority DESC, next_attempt_at, id \
             LIMIT 1 FOR UPDATE SKIP LOCKED) \
             AND EXISTS (SELECT 1 FROM relaxed) \
         RETURNING q.id, q.company_id, q.lead_sync_id, q.lead_id, q.operation, q.attempts, \
             q.max_attempts, q.fence, q.priority, q.created_at",
    )
    .bind::<Int8, _>(company_id)
    .bind::<Timestamptz, _>(now)
    .bind::<Double, _>(lease.as_secs_f64())
    .load(conn)
    .await?;
    Ok(rows.pop())
}
