//! A company's queue in numbers.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Int8, Nullable, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// Job counts of one company at one instant.
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct QueueCounts {
    /// Queued and due.
    #[diesel(sql_type = Int8)]
    pub waiting: i64,
    /// Queued, due later (a retry's backoff, a rate-limited release).
    #[diesel(sql_type = Int8)]
    pub delayed: i64,
    #[diesel(sql_type = Int8)]
    pub running: i64,
    /// Kept until retention removes them.
    #[diesel(sql_type = Int8)]
    pub completed: i64,
    #[diesel(sql_type = Int8)]
    pub failed: i64,
    /// When the oldest due job was enqueued.
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub oldest_waiting_since: Option<DateTime<Utc>>,
    /// Jobs completed in the minute before `now`.
    #[diesel(sql_type = Int8)]
    pub completed_last_minute: i64,
}

/// The counts of `company_id` at `now` (one scan of the company's rows, by its index).
pub async fn queue_counts(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    now: DateTime<Utc>,
) -> diesel::QueryResult<QueueCounts> {
    diesel::sql_query(
        "SELECT \
             count(*) FILTER (WHERE status = 'queued' AND next_attempt_at <= $2) AS waiting, \
             count(*) FILTER (WHERE status = 'queued' AND next_attempt_at > $2) AS delayed, \
             count(*) FILTER (WHERE status = 'processing') AS running, \
             count(*) FILTER (WHERE status = 'completed') AS completed, \
             count(*) FILTER (WHERE status = 'failed') AS failed, \
             min(created_at) FILTER (WHERE status = 'queued' AND next_attempt_at <= $2) \
                 AS oldest_waiting_since, \
             count(*) FILTER (WHERE status = 'completed' \
                 AND completed_at > $2 - interval '1 minute') AS completed_last_minute \
         FROM crm_sync_queue WHERE company_id = $1",
    )
    .bind::<Int8, _>(company_id)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await
}

/// The company's limit per window from its active account (`None`: no active account, the
/// configured default applies).
pub async fn account_limit(
    conn: &mut AsyncPgConnection,
    company_id: i64,
) -> diesel::QueryResult<Option<u32>> {
    #[derive(QueryableByName)]
    struct Limit {
        #[diesel(sql_type = diesel::sql_types::Int4)]
        n: i32,
    }
    let mut rows: Vec<Limit> = diesel::sql_query(
        "SELECT requests_per_minute AS n FROM crm_dinamize_accounts \
         WHERE company_id = $1 AND active",
    )
    .bind::<Int8, _>(company_id)
    .load(conn)
    .await?;
    Ok(rows.pop().map(|l| l.n.max(1) as u32))
}
