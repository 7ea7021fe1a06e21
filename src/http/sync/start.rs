//! `POST /api/dinamize/sync/runs`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use serde_json::{Value, json};

use super::answers;
use super::docs::{StartRunRequest, SyncErrors};
use super::views::RunView;
use crate::auth::AdminCaller;
use crate::http::contacts::docs::ErrorBody;
use crate::http::{ApiError, AppState};
use crate::leads;
use crate::sync::runs::{RunMode, StartError, begin};

/// Starts a resync of the caller's company. A real run enqueues every selected lead in one
/// transaction (a restart cannot leave it half-done) and its progress moves as its jobs end;
/// it survives restarts of the service. A `backfill`, or a `full` run of more than
/// `SYNC_IMPORT_THRESHOLD` live leads, goes through Dinamize's bulk import instead (`import`
/// shows its phase). A dry run sends nothing: it counts what each lead's
/// job would do and is answered finished. One real run per company at a time.
#[utoipa::path(
    post, path = "/api/dinamize/sync/runs", tag = "sync",
    request_body = StartRunRequest,
    responses(
        (status = 202, description = "Started (a dry run: counted)", body = RunView,
            headers(("Location" = String, description = "/api/dinamize/sync/runs/{id}"))),
        (status = 409, description = "A run is going: `details.running_run_id`", body = ErrorBody),
        (status = 413, description = "The body is larger than `HTTP_MAX_BODY_BYTES`", body = ErrorBody),
        (status = 415, description = "The body is not sent as `Content-Type: application/json`", body = ErrorBody),
        SyncErrors,
    ),
    security(("bearer" = []))
)]
#[post("/api/dinamize/sync/runs")]
pub async fn start_run(
    state: web::Data<AppState>,
    caller: AdminCaller,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let (mode, dry) = read(&body)?;
    let company_id = caller.0.company_id;
    let mut conn = state.db.get().await.map_err(answers::db)?;
    let started_by = format!("api:{}", caller.0.user);
    let run = match begin(
        &mut conn,
        company_id,
        mode,
        dry,
        &started_by,
        &state.config.sync.import,
    )
    .await
    {
        Ok(run) => run,
        Err(StartError::AlreadyRunning(id)) => return Err(running(id)),
        Err(StartError::Database(error)) => return Err(answers::db(error)),
    };
    drop(conn);
    if !dry {
        leads::after_write(&state, company_id).await;
    }
    Ok(HttpResponse::Accepted()
        .insert_header(("Location", format!("/api/dinamize/sync/runs/{}", run.id)))
        .json(RunView::from(run)))
}

/// `{mode, dry_run}`, each bad field named.
fn read(body: &Value) -> Result<(RunMode, bool), ApiError> {
    let mut errors = Vec::new();
    let mode = match body.get("mode").and_then(Value::as_str).map(str::parse) {
        Some(Ok(mode)) => Some(mode),
        _ => {
            errors.push(("mode".into(), format!("is required: {}", RunMode::NAMES)));
            None
        }
    };
    let dry = match body.get("dry_run") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(dry)) => *dry,
        Some(_) => {
            errors.push(("dry_run".into(), "must be true or false".into()));
            false
        }
    };
    match mode {
        Some(mode) if errors.is_empty() => Ok((mode, dry)),
        _ => Err(ApiError::validation(errors)),
    }
}

/// 409 naming the run that is going.
fn running(id: i64) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "run_in_progress",
        format!("run {id} of this company is still running; wait for it to finish"),
    )
    .pt(format!(
        "a execução {id} desta empresa ainda está em andamento; aguarde o fim dela"
    ))
    .with_details(json!({ "running_run_id": id }))
}
