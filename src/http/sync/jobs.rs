//! `GET /api/dinamize/sync/jobs?status=&lead_id=&page=&limit=`.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::answers;
use super::docs::SyncErrors;
use crate::auth::AdminCaller;
use crate::http::contacts::fields::FieldError;
use crate::http::page::{Page, PageQuery, given, page_and_filters};
use crate::http::{ApiError, AppState};
use crate::sync::admin::{JOB_STATUSES, JobFilter, JobRecord, list_jobs as list};

/// The list's filters (besides `page` and `limit`).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobFilters {
    /// `queued`, `processing`, `completed` or `failed` (empty: any).
    #[param(schema_with = job_status, example = "failed")]
    pub status: Option<String>,
    /// Only this lead's jobs.
    #[param(value_type = Option<i64>, minimum = 1)]
    pub lead_id: Option<String>,
}

/// `status`: a job status, or empty for any (as `given` reads it).
fn job_status() -> utoipa::openapi::schema::Object {
    let mut names = JOB_STATUSES.to_vec();
    names.push("");
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(names))
        .build()
}

impl JobFilters {
    fn read(&self) -> Result<JobFilter, Vec<FieldError>> {
        let mut errors = Vec::new();
        let status = given(&self.status).and_then(|v| {
            let text = v.as_str().unwrap_or_default().to_owned();
            if JOB_STATUSES.contains(&text.as_str()) {
                return Some(text);
            }
            let message = format!("must be one of {}", JOB_STATUSES.join(", "));
            errors.push(("status".into(), message));
            None
        });
        let lead_id = given(&self.lead_id).and_then(|v| {
            match v.as_str().unwrap_or_default().parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    errors.push(("lead_id".into(), "must be a positive whole number".into()));
                    None
                }
            }
        });
        if errors.is_empty() {
            Ok(JobFilter { status, lead_id })
        } else {
            Err(errors)
        }
    }
}

/// The company's jobs, newest first, with attempts, next attempt and last error.
#[utoipa::path(
    get, path = "/api/dinamize/sync/jobs", tag = "sync",
    params(PageQuery, JobFilters),
    responses((status = 200, description = "One page of jobs", body = Page<JobRecord>), SyncErrors),
    security(("bearer" = []))
)]
#[get("/api/dinamize/sync/jobs")]
pub async fn list_jobs(
    state: web::Data<AppState>,
    caller: AdminCaller,
    page: web::Query<PageQuery>,
    filters: web::Query<JobFilters>,
) -> Result<HttpResponse, ApiError> {
    let (page, filter) = page_and_filters(page.read(), filters.read())?;
    let mut conn = state.db.get().await.map_err(answers::db)?;
    let (items, total) = list(
        &mut conn,
        caller.0.company_id,
        &filter,
        page.offset(),
        page.limit(),
    )
    .await
    .map_err(answers::db)?;
    Ok(HttpResponse::Ok().json(Page::new(items, page, total)))
}
