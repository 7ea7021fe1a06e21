//! `GET /api/dinamize/sync/stats`.

use std::time::Duration;

use actix_web::{HttpResponse, get, web};
use chrono::Utc;

use super::answers;
use super::docs::SyncErrors;
use super::views::{LimiterUse, StatsView};
use crate::auth::AdminCaller;
use crate::http::{ApiError, AppState};
use crate::limiter::script::CompanyKeys;
use crate::limiter::usage::permits_in_window;
use crate::limiter::{Lane, WindowParams};
use crate::sync::queue::{self, CompanyQueue};

/// How long the statistics wait for Redis before answering without the limiter's part.
const REDIS_WAIT: Duration = Duration::from_secs(1);

/// The company's queue: waiting, delayed, running, completed and failed jobs, the oldest
/// waiting job's age, jobs completed in the last minute, and the rate limiter's use of the
/// company's window across all instances (`null` with a reason while Redis is unreachable).
#[utoipa::path(
    get, path = "/api/dinamize/sync/stats", tag = "sync",
    responses((status = 200, description = "The queue now", body = StatsView), SyncErrors),
    security(("bearer" = []))
)]
#[get("/api/dinamize/sync/stats")]
pub async fn queue_stats(
    state: web::Data<AppState>,
    caller: AdminCaller,
) -> Result<HttpResponse, ApiError> {
    let company_id = caller.0.company_id;
    let now = Utc::now();
    let mut conn = state.db.get().await.map_err(answers::db)?;
    let counts = queue::counts(&mut conn, Some(company_id), now)
        .await
        .map_err(answers::db)?
        .pop()
        .unwrap_or(CompanyQueue {
            company_id,
            ..CompanyQueue::default()
        });
    drop(conn);
    let limit = crate::accounts::active_limit(&state.db, company_id)
        .await
        .map_err(answers::db)?
        .map(|n| n.max(1) as u32);
    let config = &state.config;
    let params = WindowParams {
        limit: limit.unwrap_or(config.dinamize.rate_limit_per_minute),
        window: config.limiter.window,
        guard: config.limiter.guard,
        background_reserve: config.limiter.background_reserve,
    };
    let limiter = window_use(&state, company_id, &params).await;
    Ok(HttpResponse::Ok().json(StatsView::new(counts, now, limiter)))
}

/// The limiter's use of the company's window, or why it cannot be read.
async fn window_use(
    state: &AppState,
    company_id: i64,
    params: &WindowParams,
) -> Result<LimiterUse, String> {
    let keys = CompanyKeys::new(state.redis.keys().prefix(), company_id);
    let read = async {
        let mut conn = state.redis.connection().await?;
        permits_in_window(&mut conn, &keys, params.span()).await
    };
    let used = match tokio::time::timeout(REDIS_WAIT, read).await {
        Ok(Ok(used)) => used,
        Ok(Err(error)) => {
            log::warn!("sync stats: cannot read the limiter's window: {error}");
            return Err("Redis is unreachable: the limiter's window cannot be read".into());
        }
        Err(_) => return Err("Redis did not answer within 1 s".into()),
    };
    Ok(LimiterUse {
        used,
        limit: params.limit,
        background_cap: params.limit - params.reserve_for(Lane::Background),
        window_ms: params.window.as_millis() as u64,
    })
}
