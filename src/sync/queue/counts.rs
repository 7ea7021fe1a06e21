//! The queue's state per company, read from PostgreSQL in one statement (one scan of the
//! `(company_id, status, id)` index): what the metrics' scrape turns into gauges, the alerts
//! read, and the admins' statistics show for their company.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Int8, Nullable, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// One company's jobs at one instant.
#[derive(Debug, Clone, Default, PartialEq, QueryableByName)]
pub struct CompanyQueue {
    #[diesel(sql_type = Int8)]
    pub company_id: i64,
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

impl CompanyQueue {
    /// The states and their counts, in the order the gauges show them.
    pub fn states(&self) -> [(&'static str, i64); 5] {
        [
            ("waiting", self.waiting),
            ("delayed", self.delayed),
            ("running", self.running),
            ("completed", self.completed),
            ("failed", self.failed),
        ]
    }

    /// Seconds since the oldest waiting job was enqueued at `now` (0 with none waiting).
    pub fn oldest_waiting_secs(&self, now: DateTime<Utc>) -> f64 {
        self.oldest_waiting_since
            .map_or(0.0, |since| (now - since).as_seconds_f64().max(0.0))
    }
}

/// Every company that has jobs at `now`, or only `company` (no row when it has none).
pub async fn counts(
    conn: &mut AsyncPgConnection,
    company: Option<i64>,
    now: DateTime<Utc>,
) -> diesel::QueryResult<Vec<CompanyQueue>> {
    diesel::sql_query(
        "SELECT company_id, \
             count(*) FILTER (WHERE status = 'queued' AND next_attempt_at <= $1) AS waiting, \
             count(*) FILTER (WHERE status = 'queued' AND next_attempt_at > $1) AS delayed, \
             count(*) FILTER (WHERE status = 'processing') AS running, \
             count(*) FILTER (WHERE status = 'completed') AS completed, \
             count(*) FILTER (WHERE status = 'failed') AS failed, \
             min(created_at) FILTER (WHERE status = 'queued' AND next_attempt_at <= $1) \
                 AS oldest_waiting_since, \
             count(*) FILTER (WHERE status = 'completed' \
                 AND completed_at > $1 - interval '1 minute') AS completed_last_minute \
         FROM crm_sync_queue WHERE ($2::int8 IS NULL OR company_id = $2) \
         GROUP BY company_id ORDER BY company_id",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Nullable<Int8>, _>(company)
    .load(conn)
    .await
}
