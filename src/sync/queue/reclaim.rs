//! Jobs whose worker is gone: leases that ran out (the process died) go back to the queue,
//! spending the attempt; jobs still running when a shutdown's grace ends go back without
//! spending it. Both raise nothing on the fence: the next claim does, which is what stops the
//! old worker from recording a result.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Array, Int4, Int8, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// A job put back (or failed, when it had no attempt left).
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct Reclaimed {
    /// The job.
    #[diesel(sql_type = Int8)]
    pub id: i64,
    /// Its company (to wake its dispatcher).
    #[diesel(sql_type = Int8)]
    pub company_id: i64,
}

/// Puts back every job whose lease ended before `now`; one with no attempt left fails.
pub async fn reclaim_expired(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    max_attempts: i32,
) -> diesel::QueryResult<Vec<Reclaimed>> {
    diesel::sql_query(
        "WITH job AS ( \
             UPDATE crm_sync_queue SET \
                 status = CASE WHEN attempts + 1 >= $2 THEN 'failed' ELSE 'queued' END, \
                 completed_at = CASE WHEN attempts + 1 >= $2 THEN $1 ELSE NULL END, \
                 attempts = attempts + 1, lease_until = NULL, rerun = FALSE, \
                 next_attempt_at = $1, updated_at = $1, \
                 last_error = 'the worker running it stopped answering (lease expired)' \
             WHERE status = 'processing' AND lease_until < $1 \
             RETURNING id, company_id, lead_sync_id, status, attempts, last_error), \
         sync AS (UPDATE crm_lead_sync s SET \
                 status = CASE WHEN job.status = 'failed' THEN 'failed' ELSE 'pending' END, \
                 error_count = s.error_count + 1, last_error = job.last_error, updated_at = $1 \
             FROM job WHERE s.id = job.lead_sync_id), \
         log AS (INSERT INTO crm_sync_logs (company_id, queue_id, lead_sync_id, attempt, \
                 success, detail, category, duration_ms, created_at) \
             SELECT company_id, id, lead_sync_id, attempts, FALSE, last_error, 'NETWORK', 0, $1 \
             FROM job) \
         SELECT id, company_id FROM job",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Int4, _>(max_attempts)
    .load(conn)
    .await
}

/// Puts back jobs this instance still runs when it stops (`(id, fence)` pairs), keeping
/// their attempts: the work was interrupted, not failed.
pub async fn release_unfinished(
    conn: &mut AsyncPgConnection,
    jobs: &[(i64, i64)],
    now: DateTime<Utc>,
) -> diesel::QueryResult<Vec<Reclaimed>> {
    let ids: Vec<i64> = jobs.iter().map(|(id, _)| *id).collect();
    let fences: Vec<i64> = jobs.iter().map(|(_, fence)| *fence).collect();
    diesel::sql_query(
        "UPDATE crm_sync_queue q SET status = 'queued', lease_until = NULL, rerun = FALSE, \
             next_attempt_at = $3, updated_at = $3 \
         FROM unnest($1::bigint[], $2::bigint[]) AS mine(id, fence) \
         WHERE q.id = mine.id AND q.fence = mine.fence AND q.status = 'processing' \
         RETURNING q.id, q.company_id",
    )
    .bind::<Array<Int8>, _>(ids)
    .bind::<Array<Int8>, _>(fences)
    .bind::<Timestamptz, _>(now)
    .load(conn)
    .await
}
