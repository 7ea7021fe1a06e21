//! The incremental schedule: every `SYNC_INCREMENTAL_INTERVAL`, each company with an active
//! Dinamize account gets an incremental run, started by exactly one instance however many
//! run. Each company's `crm_sync_schedule` row holds its next due time; an instance takes a
//! due row by moving that time on with a conditional UPDATE, so two instances at the same
//! instant cannot both take it (the second one's UPDATE re-reads the row and finds it not due).

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Double, Int8, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::runs::{self, RunMode, StartError, StartRequest};

#[derive(QueryableByName)]
struct Company {
    #[diesel(sql_type = Int8)]
    company_id: i64,
}

/// The companies whose incremental run is due at `now`, each taken by this caller alone and
/// its next run set to `now + interval`. A company seen for the first time is scheduled one
/// interval from `now`; a due time more than two intervals away (the interval was shortened)
/// is brought back (two, not one: instances whose clocks differ a little must not both see a
/// row just moved on as too far away).
pub async fn take_due(
    conn: &mut AsyncPgConnection,
    interval: Duration,
    now: DateTime<Utc>,
) -> diesel::QueryResult<Vec<i64>> {
    let secs = interval.as_secs_f64();
    diesel::sql_query(
        "INSERT INTO crm_sync_schedule (company_id, kind, next_run_at) \
         SELECT a.company_id, 'incremental', $1 + make_interval(secs => $2) \
         FROM crm_dinamize_accounts a WHERE a.active \
         ON CONFLICT (company_id, kind) DO NOTHING",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Double, _>(secs)
    .execute(conn)
    .await?;
    let due: Vec<Company> = diesel::sql_query(
        "UPDATE crm_sync_schedule SET next_run_at = $1 + make_interval(secs => $2) \
         WHERE kind = 'incremental' \
             AND (next_run_at <= $1 OR next_run_at > $1 + make_interval(secs => $2)) \
             AND company_id IN (SELECT company_id FROM crm_dinamize_accounts WHERE active) \
         RETURNING company_id",
    )
    .bind::<Timestamptz, _>(now)
    .bind::<Double, _>(secs)
    .load(conn)
    .await?;
    Ok(due.into_iter().map(|c| c.company_id).collect())
}

/// Takes the due companies and starts their incremental runs; the companies that got jobs.
/// A company whose previous run is still going is skipped until the next interval; one with
/// nothing changed gets no run row.
pub async fn run_due(
    conn: &mut AsyncPgConnection,
    interval: Duration,
    now: DateTime<Utc>,
) -> diesel::QueryResult<Vec<i64>> {
    let mut started = Vec::new();
    for company_id in take_due(conn, interval, now).await? {
        let request = StartRequest {
            company_id,
            mode: RunMode::Incremental,
            started_by: "schedule".into(),
            keep_empty: false,
            now,
        };
        match runs::start(conn, &request).await {
            Ok(Some(run)) => {
                log::info!(
                    "sync: scheduled incremental run {} of company {company_id}: {} leads",
                    run.id,
                    run.total
                );
                started.push(company_id);
            }
            Ok(None) => {}
            Err(StartError::AlreadyRunning(id)) => log::info!(
                "sync: company {company_id}'s scheduled run skipped: run {id} is still going"
            ),
            Err(StartError::Database(error)) => return Err(error),
        }
    }
    Ok(started)
}
