//! `POST /api/dinamize/sync/leads/{id}`.

use actix_web::{HttpResponse, post, web};

use super::answers::{self, path_id};
use super::docs::SyncErrors;
use crate::auth::AdminCaller;
use crate::db::deadlock::retry_deadlocks;
use crate::http::contacts::docs::ErrorBody;
use crate::http::{ApiError, AppState};
use crate::leads;
use crate::sync::admin::{JobRecord, get_job};
use crate::sync::runs::enqueue_lead;

/// Syncs one lead now: its job goes ahead of the company's routine backlog (still within the
/// company's rate limit, which the dispatcher asks first). A job already waiting for the lead
/// is raised and reused; one running gets exactly one follow-up. A lead whose contact already
/// holds its state makes no call. Answers the job.
#[utoipa::path(
    post, path = "/api/dinamize/sync/leads/{id}", tag = "sync",
    params(("id" = i64, Path, minimum = 1, description = "Lead id")),
    responses(
        (status = 202, description = "Enqueued ahead of the backlog", body = JobRecord),
        (status = 404, description = "No such lead in the company", body = ErrorBody),
        SyncErrors,
    ),
    security(("bearer" = []))
)]
#[post("/api/dinamize/sync/leads/{id}")]
pub async fn sync_lead(
    state: web::Data<AppState>,
    caller: AdminCaller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let company_id = caller.0.company_id;
    let lead_id = path_id(&path, "lead")?;
    let mut conn = state.db.get().await.map_err(answers::db)?;
    let enqueued =
        retry_deadlocks(async || enqueue_lead(&mut conn, company_id, lead_id).await).await;
    let job_id = enqueued
        .map_err(answers::db)?
        .ok_or_else(|| answers::not_found("lead", lead_id))?;
    let job = get_job(&mut conn, company_id, job_id)
        .await
        .map_err(answers::db)?
        .ok_or_else(|| answers::not_found("job", job_id))?;
    drop(conn);
    leads::after_write(&state, company_id).await;
    Ok(HttpResponse::Accepted().json(job))
}
