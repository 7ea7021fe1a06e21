//! Starting a run as the API and the `sync` command both do: a dry run is counted and written
//! at once; a real run is enqueued in one transaction.

use chrono::Utc;
use diesel_async::AsyncPgConnection;

use super::dry::dry_run;
use super::mode::RunMode;
use super::start::{StartError, StartRequest, start};
use super::store::Run;

/// Starts a `mode` run of `company_id` (a dry one when `dry`), recorded as `started_by`.
pub async fn begin(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    mode: RunMode,
    dry: bool,
    started_by: &str,
) -> Result<Run, StartError> {
    let now = Utc::now();
    if dry {
        return Ok(dry_run(conn, company_id, mode, started_by, now).await?);
    }
    let request = StartRequest {
        company_id,
        mode,
        started_by: started_by.to_owned(),
        keep_empty: true,
        now,
    };
    start(conn, &request)
        .await?
        .ok_or(StartError::Database(diesel::result::Error::NotFound))
}
