//! Listing a company's jobs, newest first, by status and lead.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Int2, Int4, Int8, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use utoipa::ToSchema;

/// The statuses a job can have.
pub const JOB_STATUSES: [&str; 4] = ["queued", "processing", "completed", "failed"];

/// A job as the admins see it.
#[derive(Debug, Clone, PartialEq, QueryableByName, Serialize, ToSchema)]
pub struct JobRecord {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Int8)]
    pub lead_id: i64,
    /// `create`, `update` or `delete`.
    #[diesel(sql_type = Text)]
    pub operation: String,
    /// `queued`, `processing`, `completed` or `failed`.
    #[diesel(sql_type = Text)]
    pub status: String,
    /// Attempts spent (rate-limit waits spend none).
    #[diesel(sql_type = Int4)]
    pub attempts: i32,
    #[diesel(sql_type = Int4)]
    pub max_attempts: i32,
    /// When it runs next, while queued.
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub next_attempt_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    pub last_error: Option<String>,
    /// Above 0: picked by hand, served before the company's routine backlog.
    #[diesel(sql_type = Int2)]
    pub priority: i16,
    /// The resync run it belongs to.
    #[diesel(sql_type = Nullable<Int8>)]
    pub run_id: Option<i64>,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub updated_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub completed_at: Option<DateTime<Utc>>,
}

/// Which jobs to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobFilter {
    /// One of [`JOB_STATUSES`].
    pub status: Option<String>,
    pub lead_id: Option<i64>,
}

const COLUMNS: &str = "id, lead_id, operation, status, attempts, max_attempts, \
    CASE WHEN status = 'queued' THEN next_attempt_at END AS next_attempt_at, last_error, \
    priority, run_id, created_at, updated_at, completed_at";
const WHERE: &str = "company_id = $1 AND ($2::text IS NULL OR status = $2) \
    AND ($3::bigint IS NULL OR lead_id = $3)";

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Int8)]
    n: i64,
}

/// One page of the company's jobs matching `filter`, newest first, and how many match.
pub async fn list_jobs(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    filter: &JobFilter,
    offset: i64,
    limit: i64,
) -> diesel::QueryResult<(Vec<JobRecord>, i64)> {
    let rows = diesel::sql_query(format!(
        "SELECT {COLUMNS} FROM crm_sync_queue WHERE {WHERE} ORDER BY id DESC OFFSET $4 LIMIT $5"
    ))
    .bind::<Int8, _>(company_id)
    .bind::<Nullable<Text>, _>(filter.status.as_deref())
    .bind::<Nullable<Int8>, _>(filter.lead_id)
    .bind::<Int8, _>(offset)
    .bind::<Int8, _>(limit)
    .load(conn)
    .await?;
    let total: Count = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM crm_sync_queue WHERE {WHERE}"
    ))
    .bind::<Int8, _>(company_id)
    .bind::<Nullable<Text>, _>(filter.status.as_deref())
    .bind::<Nullable<Int8>, _>(filter.lead_id)
    .get_result(conn)
    .await?;
    Ok((rows, total.n))
}

/// Job `id` of `company_id`.
pub async fn get_job(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    id: i64,
) -> diesel::QueryResult<Option<JobRecord>> {
    let mut rows: Vec<JobRecord> = diesel::sql_query(format!(
        "SELECT {COLUMNS} FROM crm_sync_queue WHERE company_id = $1 AND id = $2"
    ))
    .bind::<Int8, _>(company_id)
    .bind::<Int8, _>(id)
    .load(conn)
    .await?;
    Ok(rows.pop())
}
