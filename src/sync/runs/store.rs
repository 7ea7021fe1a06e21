//! Reading runs back, and marking finished the runs whose jobs have all ended.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Bool, Int4, Int8, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;

/// A run as stored.
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct Run {
    #[diesel(sql_type = Int8)]
    pub id: i64,
    #[diesel(sql_type = Int8)]
    pub company_id: i64,
    #[diesel(sql_type = Text)]
    pub mode: String,
    #[diesel(sql_type = Bool)]
    pub dry_run: bool,
    /// `running` or `finished`.
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Text)]
    pub started_by: String,
    #[diesel(sql_type = Int4)]
    pub total: i32,
    #[diesel(sql_type = Int4)]
    pub done: i32,
    #[diesel(sql_type = Int4)]
    pub failed: i32,
    #[diesel(sql_type = Nullable<Int4>)]
    pub would_create: Option<i32>,
    #[diesel(sql_type = Nullable<Int4>)]
    pub would_update: Option<i32>,
    #[diesel(sql_type = Nullable<Int4>)]
    pub would_delete: Option<i32>,
    #[diesel(sql_type = Nullable<Int4>)]
    pub unchanged: Option<i32>,
    #[diesel(sql_type = Nullable<Int4>)]
    pub invalid: Option<i32>,
    #[diesel(sql_type = Jsonb)]
    pub invalid_leads: Value,
    #[diesel(sql_type = Timestamptz)]
    pub started_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub finished_at: Option<DateTime<Utc>>,
    /// A run through the bulk import: `export`, `import`, `read_back` or `finished`
    /// (`None` for a run of queued jobs).
    #[diesel(sql_type = Nullable<Text>)]
    pub phase: Option<String>,
    /// Imports (chunks) it expects, and those finished.
    #[diesel(sql_type = Int4)]
    pub imports_total: i32,
    #[diesel(sql_type = Int4)]
    pub imports_done: i32,
    /// Why a run through the import failed.
    #[diesel(sql_type = Nullable<Text>)]
    pub error: Option<String>,
}

impl Run {
    /// Where a run through the import stands, in words: `export`, `import k of n`,
    /// `read-back`, `finished` (`None` for a run of queued jobs).
    pub fn phase_label(&self) -> Option<String> {
        Some(match self.phase.as_deref()? {
            "import" => format!(
                "import {} of {}",
                self.imports_done + 1,
                self.imports_total.max(self.imports_done + 1)
            ),
            "read_back" => "read-back".into(),
            other => other.to_owned(),
        })
    }
}

const COLUMNS: &str = "id, company_id, mode, dry_run, status, started_by, total, done, failed, \
    would_create, would_update, would_delete, unchanged, invalid, invalid_leads, started_at, \
    finished_at, phase, imports_total, imports_done, error";

/// Run `id` of `company_id`.
pub async fn get(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    id: i64,
) -> diesel::QueryResult<Option<Run>> {
    let mut rows: Vec<Run> = diesel::sql_query(format!(
        "SELECT {COLUMNS} FROM crm_sync_runs WHERE id = $1 AND company_id = $2"
    ))
    .bind::<Int8, _>(id)
    .bind::<Int8, _>(company_id)
    .load(conn)
    .await?;
    Ok(rows.pop())
}

/// The company's running (real) run, if any.
pub async fn running_of(
    conn: &mut AsyncPgConnection,
    company_id: i64,
) -> diesel::QueryResult<Option<Run>> {
    let mut rows: Vec<Run> = diesel::sql_query(format!(
        "SELECT {COLUMNS} FROM crm_sync_runs \
         WHERE company_id = $1 AND status = 'running' AND NOT dry_run"
    ))
    .bind::<Int8, _>(company_id)
    .load(conn)
    .await?;
    Ok(rows.pop())
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Int8)]
    n: i64,
}

/// One page of the company's runs, newest first, and how many it has.
pub async fn list(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    offset: i64,
    limit: i64,
) -> diesel::QueryResult<(Vec<Run>, i64)> {
    let rows = diesel::sql_query(format!(
        "SELECT {COLUMNS} FROM crm_sync_runs WHERE company_id = $1 \
         ORDER BY id DESC OFFSET $2 LIMIT $3"
    ))
    .bind::<Int8, _>(company_id)
    .bind::<Int8, _>(offset)
    .bind::<Int8, _>(limit)
    .load(conn)
    .await?;
    let total: Count =
        diesel::sql_query("SELECT count(*) AS n FROM crm_sync_runs WHERE company_id = $1")
            .bind::<Int8, _>(company_id)
            .get_result(conn)
            .await?;
    Ok((rows, total.n))
}

/// Marks finished every running run whose jobs have all ended (done + failed = total); the
/// ids. The counters move in the queue's own result statements, so a run started before a
/// restart finishes after it with no other bookkeeping. A run through the bulk import (with a
/// phase) is ended by its own last step instead.
pub async fn finish_completed(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
) -> diesel::QueryResult<Vec<i64>> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = Int8)]
        id: i64,
    }
    let rows: Vec<Id> = diesel::sql_query(
        "UPDATE crm_sync_runs SET status = 'finished', finished_at = $1 \
         WHERE status = 'running' AND NOT dry_run AND phase IS NULL AND done + failed >= total \
         RETURNING id",
    )
    .bind::<Timestamptz, _>(now)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}
