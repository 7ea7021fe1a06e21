//! `GET /api/dinamize/sync/runs/{id}` and `GET /api/dinamize/sync/runs`.

use actix_web::{HttpResponse, get, web};

use super::answers::{self, path_id};
use super::docs::SyncErrors;
use super::views::RunView;
use crate::auth::AdminCaller;
use crate::http::contacts::docs::ErrorBody;
use crate::http::page::{Page, PageQuery};
use crate::http::{ApiError, AppState};
use crate::sync::runs;

/// A run's progress: total, done, failed, when it started and finished, and a dry run's
/// counts.
#[utoipa::path(
    get, path = "/api/dinamize/sync/runs/{id}", tag = "sync",
    params(("id" = i64, Path, minimum = 1, description = "Run id")),
    responses(
        (status = 200, description = "The run", body = RunView),
        (status = 404, description = "No such run in the company", body = ErrorBody),
        SyncErrors,
    ),
    security(("bearer" = []))
)]
#[get("/api/dinamize/sync/runs/{id}")]
pub async fn get_run(
    state: web::Data<AppState>,
    caller: AdminCaller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&path, "run")?;
    let mut conn = state.db.get().await.map_err(answers::db)?;
    let run = runs::get(&mut conn, caller.0.company_id, id)
        .await
        .map_err(answers::db)?
        .ok_or_else(|| answers::not_found("run", id))?;
    Ok(HttpResponse::Ok().json(RunView::from(run)))
}

/// The company's runs, newest first.
#[utoipa::path(
    get, path = "/api/dinamize/sync/runs", tag = "sync",
    params(PageQuery),
    responses((status = 200, description = "One page of runs", body = Page<RunView>), SyncErrors),
    security(("bearer" = []))
)]
#[get("/api/dinamize/sync/runs")]
pub async fn list_runs(
    state: web::Data<AppState>,
    caller: AdminCaller,
    page: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = page.read().map_err(ApiError::validation)?;
    let mut conn = state.db.get().await.map_err(answers::db)?;
    let (rows, total) = runs::list(&mut conn, caller.0.company_id, page.offset(), page.limit())
        .await
        .map_err(answers::db)?;
    let items = rows.into_iter().map(RunView::from).collect();
    Ok(HttpResponse::Ok().json(Page::new(items, page, total)))
}
