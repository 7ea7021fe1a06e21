//! What runs after the leads routes commit a write.

use crate::http::AppState;

/// Called by every leads route after its write committed (create, update, soft delete),
/// with the lead's company. The capture trigger has already enqueued the lead's job in that
/// transaction, so nothing here is needed for durability: the sync's wake-up goes here (telling
/// the dispatchers of every instance that `company_id` has new work, so a job starts within
/// milliseconds instead of at the next poll). It must not fail the request: the job is
/// committed whatever happens here.
pub async fn after_write(_state: &AppState, _company_id: i64) {}
