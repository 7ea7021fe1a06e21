//! What runs after the leads routes commit a write.

use crate::http::AppState;
use crate::sync::wake;

/// Called by every leads route after its write committed (create, update, soft delete),
/// with the lead's company. The capture trigger has already enqueued the lead's job in that
/// transaction, so nothing here is needed for durability: the sync's wake-up goes here (telling
/// the dispatchers of every instance that `company_id` has new work, so a job starts within
/// milliseconds instead of at the next poll). It must not fail or slow the request: the job
/// is committed whatever happens here, so the Redis publish runs on its own.
pub async fn after_write(state: &AppState, company_id: i64) {
    match state.sync.clone() {
        Some(sync) => {
            actix_web::rt::spawn(async move { sync.notify(company_id).await });
        }
        None => {
            let redis = state.redis.clone();
            actix_web::rt::spawn(async move { wake::publish(&redis, company_id).await });
        }
    }
}
