//! Recording a run: the job's next state, the lead's sync row, one `crm_sync_logs` line and,
//! when the job ended and belongs to a resync run, that run's progress, in one statement (one
//! round trip, one commit), and only while the job's fence is still the one this worker
//! claimed it with: a worker whose lease ran out and whose job another worker took over
//! writes nothing.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Bool, Double, Int4, Int8, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::cached_sql::cached_sql;
use crate::sync::job::{CallRecord, ClaimedJob};
use crate::sync::transition::Transition;

/// One run's result, ready to be written.
#[derive(Debug, Clone)]
pub struct RunRecord<'a> {
    /// The job as it was claimed (id and fence).
    pub job: &'a ClaimedJob,
    /// Where it goes next.
    pub transition: &'a Transition,
    /// How long the run took.
    pub duration_ms: i32,
    /// The attempts the queue allows (`SYNC_MAX_ATTEMPTS`), shown on the row.
    pub max_attempts: i32,
    /// Whether a release is worth a log line (a rate-limit answer is; a shutdown is not).
    pub log_release: bool,
    /// The time of the record.
    pub now: DateTime<Utc>,
}

#[derive(QueryableByName)]
struct NewStatus {
    #[diesel(sql_type = Text)]
    status: String,
}

/// The job's new status, or `None` when the fence no longer matches (the result is dropped).
pub async fn record(
    conn: &mut AsyncPgConnection,
    run: &RunRecord<'_>,
) -> diesel::QueryResult<Option<String>> {
    let (job_set, sync_set, success, delay_secs, log) = parts(run);
    let logged = log.is_some();
    let sql = format!(
        "WITH job AS ( \
             UPDATE crm_sync_queue SET {job_set}, max_attempts = $15, lease_until = NULL, \
                 updated_at = $3 \
             WHERE id = $1 AND fence = $2 AND status = 'processing' \
             RETURNING id, company_id, lead_sync_id, status, run_id), \
         run AS (UPDATE crm_sync_runs r SET done = r.done + (job.status = 'completed')::int, \
                 failed = r.failed + (job.status = 'failed')::int \
             FROM job WHERE r.id = job.run_id AND job.status IN ('completed', 'failed')), \
         sync AS (UPDATE crm_lead_sync s SET {sync_set}, updated_at = $3 \
             FROM job WHERE s.id = job.lead_sync_id), \
         log AS (INSERT INTO crm_sync_logs (company_id, queue_id, lead_sync_id, attempt, \
             success, response_code, detail, category, retry_after_secs, duration_ms, \
             request_unique, created_at) \
             SELECT job.company_id, job.id, job.lead_sync_id, $12, $7, $8, $9, $10, $11, $13, \
                 $14, $3 \
             FROM job WHERE $18) \
         SELECT status FROM job"
    );
    let synced = match run.transition {
        Transition::Complete(s) => Some(s),
        _ => None,
    };
    let log = log.unwrap_or_default();
    let category = match run.transition {
        Transition::Retry { error, .. } | Transition::Fail { error } => {
            Some(error.category().as_str())
        }
        Transition::Release { .. } => Some("RATE_LIMIT"),
        Transition::Complete(_) => None,
    };
    let retry_after = match run.transition {
        Transition::Release { wait } => Some(wait.as_secs().min(i32::MAX as u64) as i32),
        _ => None,
    };
    let mut rows: Vec<NewStatus> = cached_sql(&sql)
        .bind::<Int8, _>(run.job.id)
        .bind::<Int8, _>(run.job.fence)
        .bind::<Timestamptz, _>(run.now)
        .bind::<Nullable<Text>, _>(synced.and_then(|s| s.contact_code.clone()))
        .bind::<Nullable<Text>, _>(synced.and_then(|s| s.list_code.clone()))
        .bind::<Nullable<Text>, _>(synced.and_then(|s| s.fingerprint.clone()))
        .bind::<Bool, _>(success)
        .bind::<Nullable<Text>, _>(log.response_code)
        .bind::<Text, _>(log.detail)
        .bind::<Nullable<Text>, _>(category)
        .bind::<Nullable<Int4>, _>(retry_after)
        .bind::<Int4, _>(run.job.attempts.saturating_add(1))
        .bind::<Int4, _>(run.duration_ms)
        .bind::<Nullable<Text>, _>(log.request_unique)
        .bind::<Int4, _>(run.max_attempts)
        .bind::<Double, _>(delay_secs)
        .bind::<Nullable<Text>, _>(last_error(run.transition))
        .bind::<Bool, _>(logged)
        .load(conn)
        .await?;
    Ok(rows.pop().map(|row| row.status))
}

/// The error text kept on the job and the lead (`$17`).
fn last_error(transition: &Transition) -> Option<String> {
    match transition {
        Transition::Retry { error, .. } | Transition::Fail { error } => Some(error.to_string()),
        Transition::Complete(_) | Transition::Release { .. } => None,
    }
}

type Parts = (&'static str, &'static str, bool, f64, Option<CallRecord>);

/// The SET clauses of the job and of the lead's sync row, success, delay and log line.
/// A change captured during the run (`rerun`) sends a finished job back to the queue with
/// fresh attempts: exactly one follow-up, carrying the latest state.
fn parts(run: &RunRecord<'_>) -> Parts {
    match run.transition {
        Transition::Complete(synced) => (
            "status = CASE WHEN rerun THEN 'queued' ELSE 'completed' END, \
             attempts = CASE WHEN rerun THEN 0 ELSE attempts + 1 END, \
             completed_at = CASE WHEN rerun THEN NULL ELSE $3 END, \
             next_attempt_at = $3 + make_interval(secs => $16), rerun = FALSE, last_error = NULL",
            "status = CASE WHEN job.status = 'queued' THEN 'pending' ELSE 'synced' END, \
             contact_code = $4, list_code = $5, synced_fingerprint = $6, last_sync_at = $3, \
             last_successful_sync_at = $3, error_count = 0, last_error = NULL",
            true,
            0.0,
            Some(synced.call.clone().unwrap_or_else(|| CallRecord {
                detail: "nothing changed since the last sync: no call".into(),
                ..CallRecord::default()
            })),
        ),
        Transition::Retry { delay, error } => (
            "status = 'queued', attempts = CASE WHEN rerun THEN 0 ELSE attempts + 1 END, \
             next_attempt_at = $3 + make_interval(secs => $16), rerun = FALSE, last_error = $17",
            "status = 'pending', last_sync_at = $3, error_count = error_count + 1, \
             last_error = $17",
            false,
            delay.as_secs_f64(),
            Some(error.record()),
        ),
        Transition::Fail { error } => (
            "status = CASE WHEN rerun THEN 'queued' ELSE 'failed' END, \
             attempts = CASE WHEN rerun THEN 0 ELSE attempts + 1 END, \
             completed_at = CASE WHEN rerun THEN NULL ELSE $3 END, \
             next_attempt_at = $3 + make_interval(secs => $16), rerun = FALSE, last_error = $17",
            "status = CASE WHEN job.status = 'queued' THEN 'pending' ELSE 'failed' END, \
             last_sync_at = $3, error_count = error_count + 1, last_error = $17",
            false,
            0.0,
            Some(error.record()),
        ),
        Transition::Release { wait } => (
            "status = 'queued', rerun = FALSE, next_attempt_at = $3 + make_interval(secs => $16)",
            "status = 'pending'",
            false,
            wait.as_secs_f64(),
            run.log_release.then(|| CallRecord {
                detail: format!("rate limited: next try in {:.1} s", wait.as_secs_f64()),
                ..CallRecord::default()
            }),
        ),
    }
}
