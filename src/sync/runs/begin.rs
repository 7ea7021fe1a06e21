//! Starting a run as the API and the `sync` command both do: a dry run is counted and written
//! at once; a real run is enqueued in one transaction, unless it goes through the bulk import
//! (`backfill`, or a `full` run of more than `SYNC_IMPORT_THRESHOLD` live leads): then only
//! its row is written and an instance's backfill loop works it.

use chrono::Utc;
use diesel_async::AsyncPgConnection;

use super::dry::dry_run;
use super::mode::RunMode;
use super::start::{StartError, StartRequest, start};
use super::store::Run;
use crate::config::ImportConfig;
use crate::sync::backfill;

/// Starts a `mode` run of `company_id` (a dry one when `dry`), recorded as `started_by`;
/// `import` decides when a full run goes through the bulk import.
pub async fn begin(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    mode: RunMode,
    dry: bool,
    started_by: &str,
    import: &ImportConfig,
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
    if matches!(mode, RunMode::Full | RunMode::Backfill) {
        let leads = backfill::live_leads(conn, company_id).await?;
        if mode == RunMode::Backfill || leads > i64::from(import.threshold) {
            return backfill::insert_run(conn, &request, leads, import.chunk_rows).await;
        }
    }
    start(conn, &request)
        .await?
        .ok_or(StartError::Database(diesel::result::Error::NotFound))
}
