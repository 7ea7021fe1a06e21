//! The backfill's statements: where the run stands, the leads of each chunk marked with what
//! was sent, the import in flight, the rejected rows, the codes read back, and the end of the
//! run (held jobs released). Each step is one transaction, so a run resumes from its last.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::result::Error as DieselError;
use diesel::sql_types::{Array, Int4, Int8, Nullable, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

/// When a job captured during a backfill is due: never, until the run releases it.
pub const HELD: &str = "'9999-01-01 00:00:00+00'::timestamptz";

/// Where a backfill stands.
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct Progress {
    #[diesel(sql_type = Int8)]
    pub company_id: i64,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub phase: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub import_code: Option<String>,
    #[diesel(sql_type = Int8)]
    pub exported_through: i64,
    #[diesel(sql_type = Int4)]
    pub imports_done: i32,
}

/// Run `run`'s progress.
pub async fn progress(
    conn: &mut AsyncPgConnection,
    run: i64,
) -> diesel::QueryResult<Option<Progress>> {
    let mut rows: Vec<Progress> = diesel::sql_query(
        "SELECT company_id, status, phase, import_code, exported_through, imports_done \
         FROM crm_sync_runs WHERE id = $1",
    )
    .bind::<Int8, _>(run)
    .load(conn)
    .await?;
    Ok(rows.pop())
}

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = Int8)]
    n: i64,
}

/// Takes over the company's waiting jobs of live leads: the import carries their state, so
/// they are marked completed (run when the backfill starts, and again before its export).
pub async fn absorb_waiting(
    conn: &mut AsyncPgConnection,
    company: i64,
    now: DateTime<Utc>,
) -> diesel::QueryResult<usize> {
    diesel::sql_query(format!(
        "UPDATE crm_sync_queue q SET status = 'completed', completed_at = $2, updated_at = $2 \
         FROM crm_leads l \
         WHERE l.id = q.lead_id AND l.deleted_at IS NULL AND q.company_id = $1 \
           AND q.status = 'queued' AND q.operation <> 'delete' AND q.next_attempt_at < {HELD}"
    ))
    .bind::<Int8, _>(company)
    .bind::<Timestamptz, _>(now)
    .execute(conn)
    .await
}

/// [`absorb_waiting`], then how many of the company's jobs are still running: the export
/// starts once none is, so no job races the import with an older state.
pub async fn settle_queue(
    conn: &mut AsyncPgConnection,
    company: i64,
    now: DateTime<Utc>,
) -> diesel::QueryResult<i64> {
    absorb_waiting(conn, company, now).await?;
    let running: Number = diesel::sql_query(
        "SELECT count(*) AS n FROM crm_sync_queue WHERE company_id = $1 AND status = 'processing'",
    )
    .bind::<Int8, _>(company)
    .get_result(conn)
    .await?;
    Ok(running.n)
}

/// One lead of a chunk as sent: its id, e-mail and fingerprint.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub lead_id: i64,
    pub email: String,
    pub fingerprint: String,
}

/// Marks the chunk's leads with the run and what was sent (their sync rows are created when
/// missing), before the import goes out.
pub async fn mark_sent(
    conn: &mut AsyncPgConnection,
    run: i64,
    company: i64,
    sent: &[Sent],
) -> diesel::QueryResult<()> {
    let ids: Vec<i64> = sent.iter().map(|s| s.lead_id).collect();
    let emails: Vec<String> = sent.iter().map(|s| s.email.clone()).collect();
    let prints: Vec<String> = sent.iter().map(|s| s.fingerprint.clone()).collect();
    diesel::sql_query(
        "INSERT INTO crm_lead_sync (company_id, lead_id, last_email, backfill_run, \
             backfill_email, backfill_fingerprint) \
         SELECT $2, t.lead_id, t.email, $1, t.email, t.fingerprint \
         FROM unnest($3, $4, $5) AS t(lead_id, email, fingerprint) \
         ON CONFLICT (lead_id) DO UPDATE SET backfill_run = EXCLUDED.backfill_run, \
             backfill_email = EXCLUDED.backfill_email, \
             backfill_fingerprint = EXCLUDED.backfill_fingerprint",
    )
    .bind::<Int8, _>(run)
    .bind::<Int8, _>(company)
    .bind::<Array<Int8>, _>(ids)
    .bind::<Array<Text>, _>(emails)
    .bind::<Array<Text>, _>(prints)
    .execute(conn)
    .await?;
    Ok(())
}

/// The chunk's import went out: its code and last lead are the run's import in flight;
/// `unchanged` leads of the chunk (their contact already holds their state) count as done.
pub async fn import_sent(
    conn: &mut AsyncPgConnection,
    run: i64,
    code: &str,
    through: i64,
    unchanged: i32,
) -> diesel::QueryResult<()> {
    diesel::sql_query(
        "UPDATE crm_sync_runs SET phase = 'import', import_code = $2, import_through = $3, \
             done = done + $4, imports_total = GREATEST(imports_total, imports_done + 1) \
         WHERE id = $1",
    )
    .bind::<Int8, _>(run)
    .bind::<Text, _>(code)
    .bind::<Int8, _>(through)
    .bind::<Int4, _>(unchanged)
    .execute(conn)
    .await?;
    Ok(())
}

/// A chunk with nothing to send (every lead unchanged): the run moves past it.
pub async fn skip_chunk(
    conn: &mut AsyncPgConnection,
    run: i64,
    through: i64,
    unchanged: i32,
) -> diesel::QueryResult<()> {
    diesel::sql_query(
        "UPDATE crm_sync_runs SET exported_through = $2, done = done + $3 WHERE id = $1",
    )
    .bind::<Int8, _>(run)
    .bind::<Int8, _>(through)
    .bind::<Int4, _>(unchanged)
    .execute(conn)
    .await?;
    Ok(())
}

/// A row Dinamize refused: its e-mail and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    pub email: String,
    pub reason: String,
}

/// The import in flight finished: the rows Dinamize refused are recorded on their leads
/// (failed, with the reason) and the run moves to the next chunk. One transaction.
pub async fn import_done(
    conn: &mut AsyncPgConnection,
    run: i64,
    refused: &[Refused],
    now: DateTime<Utc>,
) -> diesel::QueryResult<()> {
    let emails: Vec<String> = refused.iter().map(|r| r.email.to_lowercase()).collect();
    let reasons: Vec<String> = refused.iter().map(|r| r.reason.clone()).collect();
    conn.transaction::<_, DieselError, _>(async |conn| {
        let failed: Number = diesel::sql_query(
            "WITH refused AS ( \
                 UPDATE crm_lead_sync s SET status = 'failed', last_error = t.reason, \
                     error_count = error_count + 1, last_sync_at = $4, updated_at = $4, \
                     backfill_run = NULL \
                 FROM unnest($2, $3) AS t(email, reason) \
                 WHERE s.backfill_run = $1 AND lower(s.backfill_email) = t.email \
                 RETURNING s.id) \
             SELECT count(*) AS n FROM refused",
        )
        .bind::<Int8, _>(run)
        .bind::<Array<Text>, _>(&emails)
        .bind::<Array<Text>, _>(&reasons)
        .bind::<Timestamptz, _>(now)
        .get_result(conn)
        .await?;
        diesel::sql_query(
            "UPDATE crm_sync_runs SET phase = 'export', imports_done = imports_done + 1, \
                 exported_through = import_through, import_code = NULL, import_through = NULL, \
                 failed = failed + $2 \
             WHERE id = $1",
        )
        .bind::<Int8, _>(run)
        .bind::<Int4, _>(failed.n as i32)
        .execute(conn)
        .await?;
        Ok(())
    })
    .await
}

/// Every chunk is imported: the codes are read back next.
pub async fn to_read_back(conn: &mut AsyncPgConnection, run: i64) -> diesel::QueryResult<()> {
    diesel::sql_query(
        "UPDATE crm_sync_runs SET phase = 'read_back', \
             imports_total = imports_done WHERE id = $1",
    )
    .bind::<Int8, _>(run)
    .execute(conn)
    .await?;
    Ok(())
}

/// A lead the run sent whose code is not stored yet.
#[derive(Debug, Clone, QueryableByName)]
pub struct Pending {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub email: String,
}

/// The next `limit` sync rows the run sent, after row `after`.
pub async fn pending(
    conn: &mut AsyncPgConnection,
    run: i64,
    after: i64,
    limit: i64,
) -> diesel::QueryResult<Vec<Pending>> {
    diesel::sql_query(
        "SELECT id, COALESCE(backfill_email, '') AS email FROM crm_lead_sync \
         WHERE backfill_run = $1 AND id > $2 ORDER BY id LIMIT $3",
    )
    .bind::<Int8, _>(run)
    .bind::<Int8, _>(after)
    .bind::<Int8, _>(limit)
    .load(conn)
    .await
}

/// Stores the codes read back (`found`: sync row, code), with the fingerprint of what was
/// sent, and marks the rows not found failed with `reason`; the run's counters move in the
/// same transaction.
pub async fn store_codes(
    conn: &mut AsyncPgConnection,
    run: i64,
    list: &str,
    found: &[(i64, String)],
    missing: &[i64],
    reason: &str,
    now: DateTime<Utc>,
) -> diesel::QueryResult<()> {
    let ids: Vec<i64> = found.iter().map(|f| f.0).collect();
    let codes: Vec<String> = found.iter().map(|f| f.1.clone()).collect();
    conn.transaction::<_, DieselError, _>(async |conn| {
        diesel::sql_query(
            "UPDATE crm_lead_sync s SET contact_code = t.code, list_code = $2, \
                 synced_fingerprint = s.backfill_fingerprint, status = 'synced', \
                 last_sync_at = $5, last_successful_sync_at = $5, error_count = 0, \
                 last_error = NULL, updated_at = $5, backfill_run = NULL \
             FROM unnest($3, $4) AS t(id, code) WHERE s.id = t.id AND s.backfill_run = $1",
        )
        .bind::<Int8, _>(run)
        .bind::<Text, _>(list)
        .bind::<Array<Int8>, _>(&ids)
        .bind::<Array<Text>, _>(&codes)
        .bind::<Timestamptz, _>(now)
        .execute(conn)
        .await?;
        diesel::sql_query(
            "UPDATE crm_lead_sync SET status = 'failed', last_error = $3, \
                 error_count = error_count + 1, last_sync_at = $4, updated_at = $4, \
                 backfill_run = NULL \
             WHERE id = ANY($2) AND backfill_run = $1",
        )
        .bind::<Int8, _>(run)
        .bind::<Array<Int8>, _>(missing)
        .bind::<Text, _>(reason)
        .bind::<Timestamptz, _>(now)
        .execute(conn)
        .await?;
        diesel::sql_query(
            "UPDATE crm_sync_runs SET done = done + $2, failed = failed + $3 WHERE id = $1",
        )
        .bind::<Int8, _>(run)
        .bind::<Int4, _>(found.len() as i32)
        .bind::<Int4, _>(missing.len() as i32)
        .execute(conn)
        .await?;
        Ok(())
    })
    .await
}

/// Ends the run in one transaction: finished (with `error` when it failed), its held jobs
/// released (due now: they carry the changes made during the run). A failed run gives every
/// live lead of the company that is not synced its job back, so the queue sends it.
pub async fn finish(
    conn: &mut AsyncPgConnection,
    run: i64,
    company: i64,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> diesel::QueryResult<()> {
    conn.transaction::<_, DieselError, _>(async |conn| {
        diesel::sql_query("SELECT id AS n FROM crm_sync_runs WHERE id = $1 FOR UPDATE")
            .bind::<Int8, _>(run)
            .execute(conn)
            .await?;
        diesel::sql_query(
            "UPDATE crm_sync_runs SET status = 'finished', phase = 'finished', \
                 finished_at = $2, error = $3, lease_until = NULL, \
                 total = GREATEST(total, done + failed) \
             WHERE id = $1",
        )
        .bind::<Int8, _>(run)
        .bind::<Timestamptz, _>(now)
        .bind::<Nullable<Text>, _>(error)
        .execute(conn)
        .await?;
        if error.is_some() {
            diesel::sql_query(
                "SELECT count(dsync_enqueue_lead(l.company_id, l.id, l.email, \
                     CASE WHEN s.contact_code IS NULL THEN 'create' ELSE 'update' END, \
                     0::smallint)) AS n \
                 FROM crm_leads l LEFT JOIN crm_lead_sync s ON s.lead_id = l.id \
                 WHERE l.company_id = $1 AND l.deleted_at IS NULL \
                   AND (s.id IS NULL OR s.status <> 'synced' OR s.backfill_run = $2)",
            )
            .bind::<Int8, _>(company)
            .bind::<Int8, _>(run)
            .execute(conn)
            .await?;
            diesel::sql_query(
                "UPDATE crm_lead_sync SET backfill_run = NULL WHERE backfill_run = $1",
            )
            .bind::<Int8, _>(run)
            .execute(conn)
            .await?;
        }
        diesel::sql_query(format!(
            "UPDATE crm_sync_queue SET next_attempt_at = $2, updated_at = $2 \
             WHERE company_id = $1 AND status = 'queued' AND next_attempt_at = {HELD}"
        ))
        .bind::<Int8, _>(company)
        .bind::<Timestamptz, _>(now)
        .execute(conn)
        .await?;
        Ok(())
    })
    .await
}
