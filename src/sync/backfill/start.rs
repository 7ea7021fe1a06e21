//! Starting a backfill: its run row (phase `export`, the chunks it expects), refused like any
//! run while another of the company goes, and in the same transaction the company's waiting
//! jobs taken over (the import carries their leads). The work is done by whichever instance
//! takes the run ([`super::watch`]); from this commit on, jobs the capture enqueues for the
//! company are held until the run ends.

use diesel::QueryableByName;
use diesel::result::Error as DieselError;
use diesel::sql_types::{Int4, Int8, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use super::store;

use crate::sync::runs::{self, Run, StartError, StartRequest};

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = Int8)]
    n: i64,
}

/// The company's live leads (what a full run or a backfill selects).
pub async fn live_leads(conn: &mut AsyncPgConnection, company: i64) -> diesel::QueryResult<i64> {
    let count: Number = diesel::sql_query(
        "SELECT count(*) AS n FROM crm_leads WHERE company_id = $1 AND deleted_at IS NULL",
    )
    .bind::<Int8, _>(company)
    .get_result(conn)
    .await?;
    Ok(count.n)
}

/// Writes the run of `request` as a backfill of `leads` leads in chunks of `chunk_rows`
/// (`mode` stays what was asked: `backfill`, or a `full` run that took this path).
pub async fn insert_run(
    conn: &mut AsyncPgConnection,
    request: &StartRequest,
    leads: i64,
    chunk_rows: u32,
) -> Result<Run, StartError> {
    let chunks = (leads + i64::from(chunk_rows) - 1) / i64::from(chunk_rows.max(1));
    let inserted = conn
        .transaction::<_, DieselError, _>(async |conn| {
            let row: Number = diesel::sql_query(
                "INSERT INTO crm_sync_runs (company_id, mode, started_by, started_at, total, \
                     phase, imports_total) \
                 VALUES ($1, $2, $3, $4, $5, 'export', $6) RETURNING id AS n",
            )
            .bind::<Int8, _>(request.company_id)
            .bind::<Text, _>(request.mode.as_str())
            .bind::<Text, _>(&request.started_by)
            .bind::<Timestamptz, _>(request.now)
            .bind::<Int4, _>(i32::try_from(leads).unwrap_or(i32::MAX))
            .bind::<Int4, _>(i32::try_from(chunks).unwrap_or(i32::MAX))
            .get_result(conn)
            .await?;
            store::absorb_waiting(conn, request.company_id, request.now).await?;
            Ok(row.n)
        })
        .await;
    let id = match inserted {
        Ok(id) => id,
        Err(error) => return Err(runs::refused(conn, request.company_id, error).await),
    };
    runs::get(conn, request.company_id, id)
        .await?
        .ok_or(StartError::Database(diesel::result::Error::NotFound))
}
