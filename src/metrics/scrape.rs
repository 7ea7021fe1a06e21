//! `GET /metrics`: the Prometheus text exposition. Before rendering, the queue's gauges are
//! read from PostgreSQL (one grouped count) and the limiter's failing-open flag from memory.
//! Like `/health` it needs no token: it carries counts, never data.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Duration;

use ::metrics::gauge;
use actix_web::{HttpResponse, get, web};
use chrono::Utc;

use super::record::{JOBS, LIMITER_FAILING_OPEN, OLDEST_WAITING};
use crate::http::AppState;
use crate::sync::queue::{self, CompanyQueue};

/// How long the scrape waits for PostgreSQL before answering with the gauges it had.
const DB_WAIT: Duration = Duration::from_secs(2);

/// Companies whose gauges were set: a company whose jobs are all gone gets zeros.
static SEEN: Mutex<BTreeSet<i64>> = Mutex::new(BTreeSet::new());

/// Every metric in Prometheus' text format.
#[get("/metrics")]
pub async fn serve_metrics(state: web::Data<AppState>) -> HttpResponse {
    refresh_queue(&state).await;
    let failing_open = state.actors.limiter_health.is_degraded();
    gauge!(LIMITER_FAILING_OPEN).set(if failing_open { 1.0 } else { 0.0 });
    let handle = super::handle();
    handle.run_upkeep();
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(handle.render())
}

async fn refresh_queue(state: &AppState) {
    let now = Utc::now();
    let read = async {
        let mut conn = state.db.get().await.map_err(|e| e.to_string())?;
        queue::counts(&mut conn, None, now)
            .await
            .map_err(|e| e.to_string())
    };
    match tokio::time::timeout(DB_WAIT, read).await {
        Ok(Ok(companies)) => set_gauges(&companies, now),
        Ok(Err(error)) => log::warn!("metrics: cannot read the queue: {error}"),
        Err(_) => log::warn!("metrics: PostgreSQL did not answer within {DB_WAIT:?}"),
    }
}

fn set_gauges(companies: &[CompanyQueue], now: chrono::DateTime<Utc>) {
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    for gone in seen.clone() {
        if !companies.iter().any(|c| c.company_id == gone) {
            let empty = CompanyQueue {
                company_id: gone,
                ..CompanyQueue::default()
            };
            set_company(&empty, now);
            seen.remove(&gone);
        }
    }
    for company in companies {
        set_company(company, now);
        seen.insert(company.company_id);
    }
}

fn set_company(company: &CompanyQueue, now: chrono::DateTime<Utc>) {
    let id = company.company_id.to_string();
    for (name, count) in company.states() {
        gauge!(JOBS, "company" => id.clone(), "state" => name).set(count as f64);
    }
    gauge!(OLDEST_WAITING, "company" => id).set(company.oldest_waiting_secs(now));
}
