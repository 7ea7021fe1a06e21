//! The checker: a task that every `ALERT_CHECK_INTERVAL_MS` reads the service's state, runs
//! it through the [`AlertBook`] and delivers the events. Each instance checks on its own: the
//! queue's figures and misconfigured accounts are shared through PostgreSQL (so several
//! instances each report them), the 240024 count and the limiter's flag are the instance's own.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Int8, Timestamptz};
use diesel_async::RunQueryDsl;

use super::book::{AlertBook, Thresholds};
use super::observe::Observation;
use super::webhook;
use crate::http::AppState;
use crate::sync::queue;

/// How long one check waits for PostgreSQL before skipping its turn.
const CHECK_TIMEOUT: Duration = Duration::from_secs(5);

/// Starts the checker on the current runtime; it runs as long as the runtime does.
pub fn spawn(state: AppState) {
    actix_web::rt::spawn(async move {
        let config = state.config.alerts.clone();
        let limits = Thresholds::from(&config);
        let client = reqwest::Client::new();
        let mut book = AlertBook::default();
        let mut ticks = tokio::time::interval(config.check_interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let now = Utc::now();
            let seen = match tokio::time::timeout(CHECK_TIMEOUT, observe(&state, now)).await {
                Ok(Ok(seen)) => seen,
                Ok(Err(error)) => {
                    log::warn!("alerts: cannot read the service's state: {error}");
                    continue;
                }
                Err(_) => {
                    log::warn!("alerts: PostgreSQL did not answer within {CHECK_TIMEOUT:?}");
                    continue;
                }
            };
            let url = config.webhook_url.as_ref().map(|u| u.expose());
            for event in book.observe(now, &seen, &limits) {
                webhook::deliver(&client, url, &event).await;
            }
        }
    });
}

/// Reads one observation at `now`.
async fn observe(state: &AppState, now: DateTime<Utc>) -> Result<Observation, String> {
    let window = TimeDelta::from_std(state.config.alerts.failure_window).unwrap_or_default();
    let mut conn = state.db.get().await.map_err(|e| e.to_string())?;
    let finished = finished_since(&mut conn, now - window)
        .await
        .map_err(|e| e.to_string())?;
    let queues = queue::counts(&mut conn, None, now)
        .await
        .map_err(|e| e.to_string())?;
    drop(conn);
    let misconfigured = crate::accounts::list_misconfigured(&state.db)
        .await
        .map_err(|e| e.to_string())?;
    Ok(Observation {
        finished_in_window: finished.completed.max(0) as u64 + finished.failed.max(0) as u64,
        failed_in_window: finished.failed.max(0) as u64,
        rate_limited_total: crate::metrics::record::rate_limited_answers_seen(),
        oldest_waiting_secs: queues
            .iter()
            .filter(|q| q.oldest_waiting_since.is_some())
            .map(|q| (q.company_id, q.oldest_waiting_secs(now)))
            .collect(),
        misconfigured: misconfigured
            .into_iter()
            .map(|a| (a.company_id, a.reason))
            .collect(),
        limiter_failing_open: state.actors.limiter_health.is_degraded(),
    })
}

#[derive(QueryableByName)]
struct Finished {
    #[diesel(sql_type = Int8)]
    completed: i64,
    #[diesel(sql_type = Int8)]
    failed: i64,
}

/// Jobs that finished since `since` (by the finished-jobs index).
async fn finished_since(
    conn: &mut diesel_async::AsyncPgConnection,
    since: DateTime<Utc>,
) -> diesel::QueryResult<Finished> {
    diesel::sql_query(
        "SELECT count(*) FILTER (WHERE status = 'completed') AS completed, \
                count(*) FILTER (WHERE status = 'failed') AS failed \
         FROM crm_sync_queue \
         WHERE status IN ('completed', 'failed') AND completed_at > $1",
    )
    .bind::<Timestamptz, _>(since)
    .get_result(conn)
    .await
}
