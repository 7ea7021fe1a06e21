//! Putting failed jobs back with fresh attempts. A lead has at most one live job (the
//! queue's unique index), and a job sends the lead's latest state whatever its age, so a
//! failed job whose lead already has a waiting or running job is left as it is: that job
//! carries the same state. A retried job leaves its run (the run counted it as failed).

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{Int8, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// What a retry of one job did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryOne {
    /// Back in the queue, due now.
    Requeued,
    /// No such job in the company.
    NotFound,
    /// The job is not failed (its status).
    NotFailed(String),
    /// The lead already has this live job, which carries its latest state.
    Superseded(i64),
}

/// What a retry of every failed job did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAll {
    /// Jobs put back.
    pub requeued: i64,
    /// Failed jobs left failed: their lead has a live job, or a newer failed job was put back.
    pub skipped: i64,
}

/// The SET clause of a job put back at `now` (a placeholder such as `$3`).
fn requeue(now: &str) -> String {
    format!(
        "status = 'queued', attempts = 0, next_attempt_at = {now}, completed_at = NULL, \
         lease_until = NULL, rerun = FALSE, run_id = NULL, updated_at = {now}"
    )
}

#[derive(QueryableByName)]
struct OneRow {
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Nullable<Int8>)]
    live: Option<i64>,
    #[diesel(sql_type = Int8)]
    requeued: i64,
}

/// Puts job `id` of `company_id` back if it failed and its lead has no live job.
pub async fn retry_job(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> diesel::QueryResult<RetryOne> {
    let sql = format!(
        "WITH target AS ( \
             SELECT q.id, q.lead_sync_id, q.status, \
                 (SELECT o.id FROM crm_sync_queue o WHERE o.lead_sync_id = q.lead_sync_id \
                  AND o.status IN ('queued', 'processing') LIMIT 1) AS live \
             FROM crm_sync_queue q WHERE q.id = $1 AND q.company_id = $2), \
         job AS (UPDATE crm_sync_queue q SET {} FROM target t \
             WHERE q.id = t.id AND q.status = 'failed' AND t.live IS NULL \
             RETURNING q.id, q.lead_sync_id), \
         sync AS (UPDATE crm_lead_sync s SET status = 'pending', updated_at = $3 \
             FROM job WHERE s.id = job.lead_sync_id) \
         SELECT t.status, t.live, (SELECT count(*) FROM job) AS requeued FROM target t",
        requeue("$3")
    );
    let query = || {
        diesel::sql_query(sql.as_str())
            .bind::<Int8, _>(id)
            .bind::<Int8, _>(company_id)
            .bind::<Timestamptz, _>(now)
    };
    let mut rows = query().load::<OneRow>(conn).await;
    if refused_by_live_job(&rows) {
        rows = query().load::<OneRow>(conn).await;
    }
    let rows = rows?;
    Ok(match rows.into_iter().next() {
        None => RetryOne::NotFound,
        Some(row) if row.requeued > 0 => RetryOne::Requeued,
        Some(OneRow {
            live: Some(live),
            status,
            ..
        }) if status == "failed" => RetryOne::Superseded(live),
        Some(row) => RetryOne::NotFailed(row.status),
    })
}

#[derive(QueryableByName)]
struct AllRow {
    #[diesel(sql_type = Int8)]
    requeued: i64,
    #[diesel(sql_type = Int8)]
    failed_before: i64,
}

/// Puts back the newest failed job of each lead of `company_id` that has no live job.
pub async fn retry_failed(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    now: DateTime<Utc>,
) -> diesel::QueryResult<RetryAll> {
    let sql = format!(
        "WITH candidate AS ( \
             SELECT DISTINCT ON (q.lead_sync_id) q.id FROM crm_sync_queue q \
             WHERE q.company_id = $1 AND q.status = 'failed' AND NOT EXISTS ( \
                 SELECT 1 FROM crm_sync_queue o WHERE o.lead_sync_id = q.lead_sync_id \
                 AND o.status IN ('queued', 'processing')) \
             ORDER BY q.lead_sync_id, q.id DESC), \
         job AS (UPDATE crm_sync_queue q SET {} FROM candidate c \
             WHERE q.id = c.id AND q.status = 'failed' RETURNING q.id, q.lead_sync_id), \
         sync AS (UPDATE crm_lead_sync s SET status = 'pending', updated_at = $2 \
             FROM job WHERE s.id = job.lead_sync_id) \
         SELECT (SELECT count(*) FROM job) AS requeued, \
             (SELECT count(*) FROM crm_sync_queue WHERE company_id = $1 AND status = 'failed') \
                 AS failed_before",
        requeue("$2")
    );
    let query = || {
        diesel::sql_query(sql.as_str())
            .bind::<Int8, _>(company_id)
            .bind::<Timestamptz, _>(now)
    };
    let mut row = query().get_result::<AllRow>(conn).await;
    if refused_by_live_job(&row) {
        row = query().get_result::<AllRow>(conn).await;
    }
    let row = row?;
    Ok(RetryAll {
        requeued: row.requeued,
        skipped: row.failed_before - row.requeued,
    })
}

/// Whether a change captured at the same instant gave a lead a live job first (the unique
/// index refused ours): run again, and that lead is skipped.
fn refused_by_live_job<T>(result: &diesel::QueryResult<T>) -> bool {
    matches!(
        result,
        Err(DieselError::DatabaseError(
            DatabaseErrorKind::UniqueViolation,
            _
        ))
    )
}
