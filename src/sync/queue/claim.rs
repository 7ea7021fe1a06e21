//! Claiming the next job of one company.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::sql_types::{Double, Int8, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::sync::job::ClaimedJob;

/// The company's next due job, in order (hand-picked first, then oldest due), taken under a
/// lease until `now + lease` with a fresh fence. Rows other instances are claiming are
/// skipped, not waited for. `None` when the company has nothing due.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    now: DateTime<Utc>,
    lease: Duration,
) -> diesel::QueryResult<Option<ClaimedJob>> {
    let mut rows: Vec<ClaimedJob> = diesel::sql_query(
        "UPDATE crm_sync_queue q SET status = 'processing', fence = q.fence + 1, \
             lease_until = $2 + make_interval(secs => $3), started_at = $2, updated_at = $2 \
         WHERE q.id = ( \
             SELECT id FROM crm_sync_queue \
             WHERE company_id = $1 AND status = 'queued' AND next_attempt_at <= $2 \
             ORDER BY priority DESC, next_attempt_at, id \
             LIMIT 1 FOR UPDATE SKIP LOCKED) \
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
