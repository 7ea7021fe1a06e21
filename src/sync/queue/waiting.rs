//! Which companies have jobs waiting, and when each one's earliest job is due.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Int8, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::cached_sql::cached_sql;

/// A company with queued jobs.
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct WaitingCompany {
    /// The company.
    #[diesel(sql_type = Int8)]
    pub company_id: i64,
    /// Its earliest `next_attempt_at`.
    #[diesel(sql_type = Timestamptz)]
    pub due: DateTime<Utc>,
}

/// Every company with queued jobs. A skip scan of the partial index on
/// `(company_id, next_attempt_at)`: its cost grows with the number of companies, not with the
/// number of jobs, so a company with 100 000 waiting leads costs one index probe.
pub async fn waiting_companies(
    conn: &mut AsyncPgConnection,
) -> diesel::QueryResult<Vec<WaitingCompany>> {
    cached_sql(
        "WITH RECURSIVE c AS ( \
             (SELECT company_id FROM crm_sync_queue WHERE status = 'queued' \
              ORDER BY company_id LIMIT 1) \
             UNION ALL \
             SELECT (SELECT q.company_id FROM crm_sync_queue q \
                     WHERE q.status = 'queued' AND q.company_id > c.company_id \
                     ORDER BY q.company_id LIMIT 1) \
             FROM c WHERE c.company_id IS NOT NULL) \
         SELECT c.company_id, \
             (SELECT min(q.next_attempt_at) FROM crm_sync_queue q \
              WHERE q.status = 'queued' AND q.company_id = c.company_id) AS due \
         FROM c WHERE c.company_id IS NOT NULL",
    )
    .load(conn)
    .await
}
