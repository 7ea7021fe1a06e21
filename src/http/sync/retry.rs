//! `POST /api/dinamize/sync/jobs/{id}/retry` and `POST /api/dinamize/sync/jobs/retry-failed`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use serde_json::json;

use super::answers::{self, path_id};
use super::docs::SyncErrors;
use super::views::RetriedView;
use crate::auth::AdminCaller;
use crate::http::contacts::docs::ErrorBody;
use crate::http::{ApiError, AppState};
use crate::leads;
use crate::sync::admin::{self, JobRecord, RetryOne};

/// Puts a failed job back with fresh attempts, due now. A job that is not failed is a 409
/// (`not_failed`); so is a failed job whose lead already has a waiting or running job
/// (`superseded`, `details.live_job_id`): that job sends the lead's latest state, and a lead
/// has at most one live job.
#[utoipa::path(
    post, path = "/api/dinamize/sync/jobs/{id}/retry", tag = "sync",
    params(("id" = i64, Path, minimum = 1, description = "Job id")),
    responses(
        (status = 202, description = "Back in the queue", body = JobRecord),
        (status = 404, description = "No such job in the company", body = ErrorBody),
        (status = 409, description = "Not failed, or superseded by the lead's live job", body = ErrorBody),
        SyncErrors,
    ),
    security(("bearer" = []))
)]
#[post("/api/dinamize/sync/jobs/{id}/retry")]
pub async fn retry_job(
    state: web::Data<AppState>,
    caller: AdminCaller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let company_id = caller.0.company_id;
    let id = path_id(&path, "job")?;
    let mut conn = state.db.get().await.map_err(answers::db)?;
    match admin::retry_job(&mut conn, company_id, id, Utc::now())
        .await
        .map_err(answers::db)?
    {
        RetryOne::Requeued => {}
        RetryOne::NotFound => return Err(answers::not_found("job", id)),
        RetryOne::NotFailed(status) => {
            return Err(conflict(
                "not_failed",
                format!("job {id} is {status}; only failed jobs are retried"),
            )
            .pt(format!(
                "o job {id} está {status}; só jobs com falha são repetidos"
            )));
        }
        RetryOne::Superseded(live) => {
            let message = format!(
                "job {id}'s lead already has job {live} waiting or running, with its latest state"
            );
            let pt = format!(
                "o lead do job {id} já tem o job {live} na fila, com o estado mais recente"
            );
            return Err(conflict("superseded", message)
                .pt(pt)
                .with_details(json!({"live_job_id": live})));
        }
    }
    let job = admin::get_job(&mut conn, company_id, id)
        .await
        .map_err(answers::db)?
        .ok_or_else(|| answers::not_found("job", id))?;
    drop(conn);
    leads::after_write(&state, company_id).await;
    Ok(HttpResponse::Accepted().json(job))
}

/// Puts back every failed job of the company with fresh attempts: per lead, its newest failed
/// job, unless the lead already has a waiting or running job. Answers how many were put back
/// and how many were left failed.
#[utoipa::path(
    post, path = "/api/dinamize/sync/jobs/retry-failed", tag = "sync",
    responses((status = 202, description = "Put back", body = RetriedView), SyncErrors),
    security(("bearer" = []))
)]
#[post("/api/dinamize/sync/jobs/retry-failed")]
pub async fn retry_failed(
    state: web::Data<AppState>,
    caller: AdminCaller,
) -> Result<HttpResponse, ApiError> {
    let company_id = caller.0.company_id;
    let mut conn = state.db.get().await.map_err(answers::db)?;
    let retried = admin::retry_failed(&mut conn, company_id, Utc::now())
        .await
        .map_err(answers::db)?;
    drop(conn);
    if retried.requeued > 0 {
        leads::after_write(&state, company_id).await;
    }
    Ok(HttpResponse::Accepted().json(RetriedView {
        requeued: retried.requeued,
        skipped: retried.skipped,
    }))
}

fn conflict(code: &'static str, message: String) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, code, message)
}
