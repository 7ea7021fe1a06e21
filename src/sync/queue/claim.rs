//! Claiming jobs: the next due jobs of several companies, each company's in its own order,
//! in one statement.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::sql_types::{Array, Double, Int4, Int8, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::cached_sql::cached_sql;
use crate::sync::job::ClaimedJob;

/// The company's next due job, in order (hand-picked first, then oldest due), taken under a
/// lease until `now + lease` with a fresh fence. `None` when the company has nothing due.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    now: DateTime<Utc>,
    lease: Duration,
) -> diesel::QueryResult<Option<ClaimedJob>> {
    let mut jobs = claim_many(conn, &[(company_id, 1)], now, lease).await?;
    Ok(jobs.pop())
}

/// For each `(company, n)` of `wants`, up to `n` of the company's next due jobs, in order
/// (hand-picked first, then oldest due), taken under a lease until `now + lease` with a fresh
/// fence: one round trip and one commit for all of them. Rows other instances are claiming
/// are skipped, not waited for. The jobs come back grouped by company, hand-picked ones
/// first.
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
pub async fn claim_many(
    conn: &mut AsyncPgConnection,
    wants: &[(i64, i32)],
    now: DateTime<Utc>,
    lease: Duration,
) -> diesel::QueryResult<Vec<ClaimedJob>> {
    if wants.is_empty() {
        return Ok(Vec::new());
    }
    let companies: Vec<i64> = wants.iter().map(|(company, _)| *company).collect();
    let counts: Vec<i32> = wants.iter().map(|(_, n)| *n).collect();
    let mut jobs: Vec<ClaimedJob> = cached_sql(
        "WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)), \
         picked AS ( \
             SELECT j.id FROM unnest($1::int8[], $2::int4[]) AS w(company_id, n) \
             CROSS JOIN LATERAL ( \
                 SELECT id FROM crm_sync_queue \
                 WHERE company_id = w.company_id AND status = 'queued' \
                     AND next_attempt_at <= $3 \
                 ORDER BY priority DESC, next_attempt_at, id \
                 LIMIT w.n FOR UPDATE SKIP LOCKED) j) \
         UPDATE crm_sync_queue q SET status = 'processing', \
             fence = greatest(q.fence + 1, (extract(epoch FROM clock_timestamp()) * 1e6)::int8), \
             lease_until = $3 + make_interval(secs => $4), started_at = $3, updated_at = $3 \
         FROM picked WHERE q.id = picked.id AND EXISTS (SELECT 1 FROM relaxed) \
         RETURNING q.id, q.company_id, q.lead_sync_id, q.lead_id, q.operation, q.attempts, \
             q.max_attempts, q.fence, q.priority, q.created_at",
    )
    .bind::<Array<Int8>, _>(companies)
    .bind::<Array<Int4>, _>(counts)
    .bind::<Timestamptz, _>(now)
    .bind::<Double, _>(lease.as_secs_f64())
    .load(conn)
    .await?;
    // UPDATE … RETURNING keeps no order: put each company's jobs back in claiming order.
    jobs.sort_by(|a, b| {
        a.company_id
            .cmp(&b.company_id)
            .then(b.priority.cmp(&a.priority))
            .then(a.id.cmp(&b.id))
    });
    Ok(jobs)
}
