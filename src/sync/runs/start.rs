//! Starting a real run: the run's row and every selected lead's job in ONE transaction, so a
//! crash or a restart never leaves a run half-enqueued. Each job is tagged with the run (a
//! lead whose job already waits or runs has that job tagged: coalesced, not duplicated).

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{Int4, Int8, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use thiserror::Error;

use super::mode::RunMode;
use super::store::{self, Run};
use crate::db::deadlock::retry_deadlocks;

/// The unique index that keeps one real run per company running.
const ONE_RUNNING: &str = "crm_sync_runs_one_running";

/// What to start.
#[derive(Debug, Clone)]
pub struct StartRequest {
    pub company_id: i64,
    pub mode: RunMode,
    /// `api:<user>`, `cli` or `schedule`.
    pub started_by: String,
    /// Whether a run that selects no lead is kept (finished at once) or not written at all
    /// (the schedule does not fill the table with empty runs).
    pub keep_empty: bool,
    pub now: DateTime<Utc>,
}

/// Why a run did not start.
#[derive(Debug, Error)]
pub enum StartError {
    /// The company already has a run going: its id.
    #[error("run {0} of this company is still running")]
    AlreadyRunning(i64),
    #[error("{0}")]
    Database(#[from] DieselError),
}

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = Int8)]
    n: i64,
}

/// Starts the run; `None` when it selected nothing and `keep_empty` is false.
pub async fn start(
    conn: &mut AsyncPgConnection,
    request: &StartRequest,
) -> Result<Option<Run>, StartError> {
    // The run's enqueue locks many sync rows, not in the order another writer does: when
    // PostgreSQL aborts it as a deadlock victim, the whole transaction runs again.
    let outcome = retry_deadlocks(async || {
        conn.transaction::<_, DieselError, _>(async |conn| enqueue(conn, request).await)
            .await
    })
    .await;
    match outcome {
        Ok(Some(id)) => Ok(store::get(conn, request.company_id, id).await?),
        Ok(None) | Err(DieselError::RollbackTransaction) => Ok(None),
        Err(error) => Err(refused(conn, request.company_id, error).await),
    }
}

/// Why a run's insert failed: the company's running run when the one-running index refused
/// it, else the database error.
pub(crate) async fn refused(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    error: DieselError,
) -> StartError {
    match error {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info)
            if info.constraint_name() == Some(ONE_RUNNING) =>
        {
            match store::running_of(conn, company_id).await {
                Ok(running) => StartError::AlreadyRunning(running.map_or(0, |r| r.id)),
                Err(error) => error.into(),
            }
        }
        error => error.into(),
    }
}

/// Inside the transaction: the run, its jobs, its total. `Err(RollbackTransaction)` drops an
/// empty run that is not to be kept.
async fn enqueue(
    conn: &mut AsyncPgConnection,
    request: &StartRequest,
) -> Result<Option<i64>, DieselError> {
    let run: Number = diesel::sql_query(
        "INSERT INTO crm_sync_runs (company_id, mode, started_by, started_at) \
         VALUES ($1, $2, $3, $4) RETURNING id AS n",
    )
    .bind::<Int8, _>(request.company_id)
    .bind::<Text, _>(request.mode.as_str())
    .bind::<Text, _>(&request.started_by)
    .bind::<Timestamptz, _>(request.now)
    .get_result(conn)
    .await?;
    let total: Number = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM ( \
             SELECT dsync_enqueue_run_lead(l.company_id, l.id, l.email, \
                 CASE WHEN s.contact_code IS NULL THEN 'create' ELSE 'update' END, $2) \
             FROM crm_leads l LEFT JOIN crm_lead_sync s ON s.lead_id = l.id \
             WHERE {} ORDER BY l.id) AS enqueued",
        request.mode.selection()
    ))
    .bind::<Int8, _>(request.company_id)
    .bind::<Int8, _>(run.n)
    .get_result(conn)
    .await?;
    if total.n == 0 && !request.keep_empty {
        return Err(DieselError::RollbackTransaction);
    }
    diesel::sql_query(
        "UPDATE crm_sync_runs SET total = $2, \
             status = CASE WHEN $2 = 0 THEN 'finished' ELSE 'running' END, \
             finished_at = CASE WHEN $2 = 0 THEN started_at END \
         WHERE id = $1",
    )
    .bind::<Int8, _>(run.n)
    .bind::<Int4, _>(i32::try_from(total.n).unwrap_or(i32::MAX))
    .execute(conn)
    .await?;
    Ok(Some(run.n))
}
