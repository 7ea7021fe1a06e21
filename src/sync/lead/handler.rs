//! `LeadSyncHandler`: the service's job handler.

use std::time::Instant;

use actix::Addr;
use futures_util::future::LocalBoxFuture;

use super::calls::JobCalls;
use super::context::{LeadContext, load};
use super::plan::plan;
use super::run::execute;
use crate::actors::api_client::ApiClientActor;
use crate::db::DbPool;
use crate::sync::handler::JobHandler;
use crate::sync::job::{ClaimedJob, JobError, JobOutcome, Synced};

/// Syncs one lead to its company's Dinamize list.
pub struct LeadSyncHandler {
    db: DbPool,
    api: Addr<ApiClientActor>,
}

impl LeadSyncHandler {
    /// A handler reading from `db` and calling Dinamize through `api`.
    pub fn new(db: DbPool, api: Addr<ApiClientActor>) -> Self {
        Self { db, api }
    }
}

impl JobHandler for LeadSyncHandler {
    fn run(&self, job: ClaimedJob, permit_until: Instant) -> LocalBoxFuture<'static, JobOutcome> {
        let (db, api) = (self.db.clone(), self.api.clone());
        Box::pin(async move {
            let ctx = match context(&db, job.lead_sync_id).await {
                Ok(Some(ctx)) => ctx,
                // The sync row went with its company: nothing left to sync.
                Ok(None) => return JobOutcome::Synced(Synced::default()),
                Err(reason) => return JobOutcome::Failed(JobError::Unavailable(reason)),
            };
            let calls = JobCalls::new(job.company_id, api, Some(permit_until));
            execute(plan(&ctx), &calls).await
        })
    }
}

/// The job's context; the connection goes back to the pool before any call is made.
async fn context(db: &DbPool, lead_sync_id: i64) -> Result<Option<LeadContext>, String> {
    let mut conn = db.get().await.map_err(|e| e.to_string())?;
    load(&mut conn, lead_sync_id)
        .await
        .map_err(|e| e.to_string())
}
