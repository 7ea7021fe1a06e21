//! Writing the scenarios' leads and reading back what the queue did with them: leads go in
//! through `crm_leads` (the capture trigger enqueues each), in one transaction so that no
//! worker sees a job before its whole batch (and its stored contact codes) is there.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Array, BigInt, Double, Int8, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::{Value, json};

use super::report::round1;

/// One lead to write: its company, and the contact code already stored for it (so that its
/// job is exactly one update call), if any.
#[derive(Debug, Clone)]
pub struct NewLead {
    pub company: i64,
    pub code: Option<String>,
}

/// Inserts `leads` (e-mail `lead-<n>@bench.test`, n from 1) in one transaction and stores
/// their contact codes (list 1); returns the wall-clock time of the commit.
pub async fn write(
    conn: &mut AsyncPgConnection,
    leads: &[NewLead],
) -> Result<DateTime<Utc>, String> {
    let companies: Vec<i64> = leads.iter().map(|l| l.company).collect();
    let codes: Vec<Option<String>> = leads.iter().map(|l| l.code.clone()).collect();
    // BEGIN/COMMIT by hand: both statements, one commit (the jobs appear with their codes).
    exec(conn, "BEGIN").await?;
    let written = insert(conn, &companies, &codes).await;
    exec(
        conn,
        if written.is_ok() {
            "COMMIT"
        } else {
            "ROLLBACK"
        },
    )
    .await?;
    written?;
    Ok(Utc::now())
}

async fn insert(
    conn: &mut AsyncPgConnection,
    companies: &[i64],
    codes: &[Option<String>],
) -> Result<(), String> {
    diesel::sql_query(
        "INSERT INTO crm_leads (company_id, email, name) \
         SELECT c, 'lead-' || i || '@bench.test', 'Lead ' || i \
         FROM unnest($1::bigint[]) WITH ORDINALITY AS t(c, i)",
    )
    .bind::<Array<Int8>, _>(companies)
    .execute(conn)
    .await
    .map_err(|e| e.to_string())?;
    diesel::sql_query(
        "UPDATE crm_lead_sync s SET contact_code = t.code, list_code = '1' \
         FROM unnest($1::text[]) WITH ORDINALITY AS t(code, i), crm_leads l \
         WHERE t.code IS NOT NULL AND l.email = 'lead-' || t.i || '@bench.test' \
           AND s.lead_id = l.id",
    )
    .bind::<Array<Nullable<Text>>, _>(codes)
    .execute(conn)
    .await
    .map_err(|e| e.to_string())?;
    Ok(())
}

async fn exec(conn: &mut AsyncPgConnection, sql: &str) -> Result<(), String> {
    diesel::sql_query(sql)
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// `n` leads of one company, without stored codes.
pub fn plain(company: i64, n: usize) -> Vec<NewLead> {
    vec![
        NewLead {
            company,
            code: None
        };
        n
    ]
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The one number `sql` selects as `n`.
pub async fn count(conn: &mut AsyncPgConnection, sql: &str) -> Result<i64, String> {
    let rows: Vec<Count> = diesel::sql_query(sql)
        .load(conn)
        .await
        .map_err(|e| e.to_string())?;
    Ok(rows.into_iter().next().map_or(0, |r| r.n))
}

/// Waits until no job is queued or running, at most `bound`. Polls with `EXISTS` every 50 ms:
/// the check competes with the service for PostgreSQL, and a `count(*)` of the live jobs
/// every 20 ms took 5.9 ms a call, a fifth of the PostgreSQL time of a `fleet` run
/// (`pg_stat_statements`). The figures come from the jobs' own times, not from this poll.
pub async fn drained(conn: &mut AsyncPgConnection, bound: Duration) -> Result<(), String> {
    let deadline = Instant::now() + bound;
    let sql = "SELECT count(*) AS n FROM (SELECT 1 FROM crm_sync_queue \
               WHERE status IN ('queued', 'processing') LIMIT 1) live";
    loop {
        if count(conn, sql).await? == 0 {
            return Ok(());
        }
        if Instant::now() > deadline {
            let sql = "SELECT count(*) AS n FROM crm_sync_queue \
                       WHERE status IN ('queued', 'processing')";
            let left = count(conn, sql).await?;
            return Err(format!("{left} jobs still waiting after {bound:?}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[derive(QueryableByName)]
struct Finished {
    #[diesel(sql_type = BigInt)]
    completed: i64,
    #[diesel(sql_type = BigInt)]
    failed: i64,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Double>)]
    p50_ms: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    p99_ms: Option<f64>,
}

/// What the queue did, measured from `start` (wall clock): completed jobs, jobs/s over
/// `start` → last completion, and enqueue-to-complete percentiles from the rows' own times.
pub async fn outcome(conn: &mut AsyncPgConnection, start: DateTime<Utc>) -> Result<Value, String> {
    let mut rows: Vec<Finished> = diesel::sql_query(
        "SELECT count(*) FILTER (WHERE status = 'completed') AS completed, \
             count(*) FILTER (WHERE status = 'failed') AS failed, \
             max(completed_at) AS last, \
             percentile_cont(0.5) WITHIN GROUP (ORDER BY \
                 extract(epoch FROM completed_at - created_at) * 1000) AS p50_ms, \
             percentile_cont(0.99) WITHIN GROUP (ORDER BY \
                 extract(epoch FROM completed_at - created_at) * 1000) AS p99_ms \
         FROM crm_sync_queue",
    )
    .load(conn)
    .await
    .map_err(|e| e.to_string())?;
    let row = rows.pop().ok_or("no row")?;
    let elapsed_ms = row.last.map_or(0.0, |last| {
        (last - start).num_microseconds().unwrap_or(0) as f64 / 1000.0
    });
    Ok(json!({
        "completed": row.completed,
        "failed": row.failed,
        "elapsed_ms": round1(elapsed_ms),
        "jobs_per_s": round1(row.completed as f64 / (elapsed_ms / 1000.0)),
        "enqueue_to_complete": {
            "p50_ms": round1(row.p50_ms.unwrap_or(0.0)),
            "p99_ms": round1(row.p99_ms.unwrap_or(0.0)),
        },
    }))
}

/// Claim times (`started_at`, µs since the epoch) of every job, by company.
pub async fn claims_by_company(
    conn: &mut AsyncPgConnection,
) -> Result<std::collections::HashMap<i64, Vec<Duration>>, String> {
    #[derive(QueryableByName)]
    struct Claim {
        #[diesel(sql_type = Int8)]
        company_id: i64,
        #[diesel(sql_type = Timestamptz)]
        started_at: DateTime<Utc>,
    }
    let rows: Vec<Claim> = diesel::sql_query(
        "SELECT company_id, started_at FROM crm_sync_queue WHERE started_at IS NOT NULL",
    )
    .load(conn)
    .await
    .map_err(|e| e.to_string())?;
    let mut by: std::collections::HashMap<i64, Vec<Duration>> = Default::default();
    for row in rows {
        let us = row.started_at.timestamp_micros().max(0) as u64;
        by.entry(row.company_id)
            .or_default()
            .push(Duration::from_micros(us));
    }
    Ok(by)
}

/// Companies `1..=n` exist (the capture trigger's jobs reference them).
pub async fn companies(conn: &mut AsyncPgConnection, n: i64) -> Result<(), String> {
    diesel::sql_query(
        "INSERT INTO crm_companies (id, name) SELECT g, 'Company ' || g \
         FROM generate_series(1, $1) g ON CONFLICT (id) DO NOTHING",
    )
    .bind::<Int8, _>(n)
    .execute(conn)
    .await
    .map(|_| ())
    .map_err(|e| e.to_string())
}
