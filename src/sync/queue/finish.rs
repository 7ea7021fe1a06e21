//! Recording runs: each job's next state, the lead's sync row, one `crm_sync_logs` line and,
//! when the job ended and belongs to a resync run, that run's progress, for a whole batch of
//! runs in one statement (one round trip, one commit), and only for the jobs whose fence is
//! still the one their worker claimed them with: a worker whose lease ran out and whose job
//! another worker took over writes nothing.
//!
//! A change captured during the run (`rerun`) sends a finished job back to the queue with
//! fresh attempts: exactly one follow-up, carrying the latest state.
//!
//! The batch's sync rows are locked first, in id order (`locked`, read whole by the one-time
//! filter before any job row is touched), as every other writer takes a lead's sync row
//! before its job: a batch of results used to lock jobs, then sync rows, and met a lead's
//! write (sync row, then job) as a deadlock.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Array, Bool, Double, Int4, Int8, Nullable, Text, Timestamptz};
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

/// The statement: one row of arrays per run, unnested (`r`); `kind` is the transition.
const RECORD_SQL: &str = "\
WITH r AS (SELECT * FROM unnest($1::int8[], $2::int8[], $3::text[], $4::timestamptz[], \
         $5::text[], $6::text[], $7::text[], $8::bool[], $9::text[], $10::text[], $11::text[], \
         $12::int4[], $13::int4[], $14::int4[], $15::text[], $16::int4[], $17::float8[], \
         $18::text[], $19::bool[]) \
     AS r(id, fence, kind, at, contact_code, list_code, fingerprint, success, response_code, \
         detail, category, retry_after, attempt, duration_ms, request_unique, max_attempts, \
         delay, last_error, logged)), \
 locked AS (SELECT s.id FROM crm_lead_sync s \
     WHERE s.id IN (SELECT lead_sync_id FROM crm_sync_queue WHERE id = ANY($1::int8[])) \
     ORDER BY s.id FOR UPDATE OF s), \
 job AS ( \
     UPDATE crm_sync_queue q SET \
         status = CASE WHEN r.kind IN ('retry', 'release') OR q.rerun THEN 'queued' \
             WHEN r.kind = 'complete' THEN 'completed' ELSE 'failed' END, \
         attempts = CASE WHEN r.kind = 'release' THEN q.attempts \
             WHEN q.rerun THEN 0 ELSE q.attempts + 1 END, \
         completed_at = CASE WHEN r.kind IN ('retry', 'release') THEN q.completed_at \
             WHEN q.rerun THEN NULL ELSE r.at END, \
         next_attempt_at = r.at + make_interval(secs => r.delay), rerun = FALSE, \
         last_error = CASE WHEN r.kind = 'release' THEN q.last_error ELSE r.last_error END, \
         max_attempts = r.max_attempts, lease_until = NULL, updated_at = r.at \
     FROM r WHERE q.id = r.id AND q.fence = r.fence AND q.status = 'processing' \
         AND (SELECT count(*) FROM locked) >= 0 \
     RETURNING q.id, q.company_id, q.lead_sync_id, q.status, q.run_id, r.kind, r.at, \
         r.contact_code, r.list_code, r.fingerprint, r.success, r.response_code, r.detail, \
         r.category, r.retry_after, r.attempt, r.duration_ms, r.request_unique, \
         r.last_error, r.logged), \
 run AS (UPDATE crm_sync_runs u SET done = u.done + c.done, failed = u.failed + c.failed \
     FROM (SELECT run_id, count(*) FILTER (WHERE status = 'completed')::int AS done, \
               count(*) FILTER (WHERE status = 'failed')::int AS failed \
           FROM job WHERE run_id IS NOT NULL AND status IN ('completed', 'failed') \
           GROUP BY run_id) c \
     WHERE u.id = c.run_id), \
 sync AS (UPDATE crm_lead_sync s SET \
         status = CASE WHEN job.kind IN ('retry', 'release') OR job.status = 'queued' \
             THEN 'pending' WHEN job.kind = 'complete' THEN 'synced' ELSE 'failed' END, \
         contact_code = CASE WHEN job.kind = 'complete' THEN job.contact_code \
             ELSE s.contact_code END, \
         list_code = CASE WHEN job.kind = 'complete' THEN job.list_code ELSE s.list_code END, \
         synced_fingerprint = CASE WHEN job.kind = 'complete' THEN job.fingerprint \
             ELSE s.synced_fingerprint END, \
         last_sync_at = CASE WHEN job.kind = 'release' THEN s.last_sync_at ELSE job.at END, \
         last_successful_sync_at = CASE WHEN job.kind = 'complete' THEN job.at \
             ELSE s.last_successful_sync_at END, \
         error_count = CASE job.kind WHEN 'complete' THEN 0 WHEN 'release' THEN s.error_count \
             ELSE s.error_count + 1 END, \
         last_error = CASE WHEN job.kind = 'release' THEN s.last_error ELSE job.last_error END, \
         updated_at = job.at \
     FROM job WHERE s.id = job.lead_sync_id), \
 log AS (INSERT INTO crm_sync_logs (company_id, queue_id, lead_sync_id, attempt, success, \
         response_code, detail, category, retry_after_secs, duration_ms, request_unique, \
         created_at) \
     SELECT company_id, id, lead_sync_id, attempt, success, response_code, detail, category, \
         retry_after, duration_ms, request_unique, at \
     FROM job WHERE logged) \
 SELECT id, status FROM job";

#[derive(QueryableByName)]
struct NewStatus {
    #[diesel(sql_type = Int8)]
    id: i64,
    #[diesel(sql_type = Text)]
    status: String,
}

/// The job's new status, or `None` when the fence no longer matches (the result is dropped).
pub async fn record(
    conn: &mut AsyncPgConnection,
    run: &RunRecord<'_>,
) -> diesel::QueryResult<Option<String>> {
    let mut statuses = record_many(conn, std::slice::from_ref(run)).await?;
    Ok(statuses.pop().flatten())
}

/// Each run's job's new status, in the order of `runs`; `None` where the fence no longer
/// matches (that result is dropped). One statement: all are written or none. Two runs of
/// one job in one call are not supported (a job has one run in flight).
pub async fn record_many(
    conn: &mut AsyncPgConnection,
    runs: &[RunRecord<'_>],
) -> diesel::QueryResult<Vec<Option<String>>> {
    if runs.is_empty() {
        return Ok(Vec::new());
    }
    let c = Columns::of(runs);
    let rows: Vec<NewStatus> = cached_sql(RECORD_SQL)
        .bind::<Array<Int8>, _>(c.id)
        .bind::<Array<Int8>, _>(c.fence)
        .bind::<Array<Text>, _>(c.kind)
        .bind::<Array<Timestamptz>, _>(c.at)
        .bind::<Array<Nullable<Text>>, _>(c.contact_code)
        .bind::<Array<Nullable<Text>>, _>(c.list_code)
        .bind::<Array<Nullable<Text>>, _>(c.fingerprint)
        .bind::<Array<Bool>, _>(c.success)
        .bind::<Array<Nullable<Text>>, _>(c.response_code)
        .bind::<Array<Text>, _>(c.detail)
        .bind::<Array<Nullable<Text>>, _>(c.category)
        .bind::<Array<Nullable<Int4>>, _>(c.retry_after)
        .bind::<Array<Int4>, _>(c.attempt)
        .bind::<Array<Int4>, _>(c.duration_ms)
        .bind::<Array<Nullable<Text>>, _>(c.request_unique)
        .bind::<Array<Int4>, _>(c.max_attempts)
        .bind::<Array<Double>, _>(c.delay)
        .bind::<Array<Nullable<Text>>, _>(c.last_error)
        .bind::<Array<Bool>, _>(c.logged)
        .load(conn)
        .await?;
    let statuses: HashMap<i64, String> = rows.into_iter().map(|r| (r.id, r.status)).collect();
    Ok(runs
        .iter()
        .map(|run| statuses.get(&run.job.id).cloned())
        .collect())
}

/// The statement's parameters: one array per column, one element per run.
#[derive(Default)]
struct Columns {
    id: Vec<i64>,
    fence: Vec<i64>,
    kind: Vec<&'static str>,
    at: Vec<DateTime<Utc>>,
    contact_code: Vec<Option<String>>,
    list_code: Vec<Option<String>>,
    fingerprint: Vec<Option<String>>,
    success: Vec<bool>,
    response_code: Vec<Option<String>>,
    detail: Vec<String>,
    category: Vec<Option<&'static str>>,
    retry_after: Vec<Option<i32>>,
    attempt: Vec<i32>,
    duration_ms: Vec<i32>,
    request_unique: Vec<Option<String>>,
    max_attempts: Vec<i32>,
    delay: Vec<f64>,
    last_error: Vec<Option<String>>,
    logged: Vec<bool>,
}

impl Columns {
    fn of(runs: &[RunRecord<'_>]) -> Self {
        let mut c = Columns::default();
        for run in runs {
            let row = Row::of(run);
            let log = row.log.clone().unwrap_or_default();
            let synced = match run.transition {
                Transition::Complete(s) => Some(s),
                _ => None,
            };
            c.id.push(run.job.id);
            c.fence.push(run.job.fence);
            c.kind.push(row.kind);
            c.at.push(run.now);
            c.contact_code
                .push(synced.and_then(|s| s.contact_code.clone()));
            c.list_code.push(synced.and_then(|s| s.list_code.clone()));
            c.fingerprint
                .push(synced.and_then(|s| s.fingerprint.clone()));
            c.success.push(row.kind == "complete");
            c.response_code.push(log.response_code);
            c.detail.push(log.detail);
            c.category.push(row.category);
            c.retry_after.push(row.retry_after);
            c.attempt.push(run.job.attempts.saturating_add(1));
            c.duration_ms.push(run.duration_ms);
            c.request_unique.push(log.request_unique);
            c.max_attempts.push(run.max_attempts);
            let delay = run.transition.runs_again_after().unwrap_or_default();
            c.delay.push(delay.as_secs_f64());
            c.last_error.push(row.last_error);
            c.logged.push(row.log.is_some());
        }
        c
    }
}

/// What one transition writes besides the run's own fields.
struct Row {
    /// `complete`, `retry`, `fail` or `release`.
    kind: &'static str,
    /// The log line, if the run is worth one.
    log: Option<CallRecord>,
    /// The error's category, for the log line.
    category: Option<&'static str>,
    /// The wait a rate limit asked for, in seconds.
    retry_after: Option<i32>,
    /// The error text kept on the job and the lead.
    last_error: Option<String>,
}

impl Row {
    fn of(run: &RunRecord<'_>) -> Self {
        match run.transition {
            Transition::Complete(synced) => Row {
                kind: "complete",
                log: Some(synced.call.clone().unwrap_or_else(|| CallRecord {
                    detail: "nothing changed since the last sync: no call".into(),
                    ..CallRecord::default()
                })),
                category: None,
                retry_after: None,
                last_error: None,
            },
            Transition::Retry { error, .. } => Row {
                kind: "retry",
                log: Some(error.record()),
                category: Some(error.category().as_str()),
                retry_after: None,
                last_error: Some(error.to_string()),
            },
            Transition::Fail { error } => Row {
                kind: "fail",
                log: Some(error.record()),
                category: Some(error.category().as_str()),
                retry_after: None,
                last_error: Some(error.to_string()),
            },
            Transition::Release { wait } => Row {
                kind: "release",
                log: run.log_release.then(|| CallRecord {
                    detail: format!("rate limited: next try in {:.1} s", wait.as_secs_f64()),
                    ..CallRecord::default()
                }),
                category: Some("RATE_LIMIT"),
                retry_after: Some(wait.as_secs().min(i32::MAX as u64) as i32),
                last_error: None,
            },
        }
    }
}
