//! `GET /ready`: 200 when PostgreSQL and Redis answer, 503 naming each dependency that does not.

use std::time::Duration;

use actix_web::{HttpResponse, get, web};
use diesel_async::RunQueryDsl;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::AppState;
use crate::accounts;

/// How long one dependency may take to answer before it counts as down.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// One dependency's state.
#[derive(Debug, Serialize)]
pub struct Check {
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Check {
    fn from_result(result: Result<(), String>) -> Self {
        match result {
            Ok(()) => Self {
                status: "up",
                error: None,
            },
            Err(error) => Self {
                status: "down",
                error: Some(error),
            },
        }
    }

    fn is_up(&self) -> bool {
        self.status == "up"
    }
}

/// 200 or 503 with every check and the Dinamize mode.
#[utoipa::path(get, path = "/ready", tag = "operations", responses(
    (status = 200, description = "PostgreSQL and Redis answer"),
    (status = 503, description = "A dependency is down; `failing` names it"),
))]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let (postgres, redis) = tokio::join!(check_postgres(&state), check_redis(&state));
    let checks = [
        ("postgres", Check::from_result(postgres)),
        ("redis", Check::from_result(redis)),
    ];
    let failing: Vec<&str> = checks
        .iter()
        .filter(|(_, c)| !c.is_up())
        .map(|(n, _)| *n)
        .collect();
    let mut checks_json = Map::new();
    for (name, check) in &checks {
        checks_json.insert((*name).into(), json!(check));
    }
    let body = json!({
        "status": if failing.is_empty() { "ready" } else { "not_ready" },
        "failing": failing,
        "checks": Value::Object(checks_json),
        "dinamize": state.dinamize.describe(),
        "dinamize_url": state.sim.as_ref().map(|sim| sim.base_url()),
        "limiter": limiter(&state),
        "sync": sync(&state),
        "misconfigured_accounts": misconfigured(&state).await,
    });
    if failing.is_empty() {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

/// Where rate-limit decisions come from: the shared Redis window, or (fail-open) this
/// instance's memory while Redis fails.
fn limiter(state: &AppState) -> Value {
    let health = &state.actors.limiter_health;
    let mode = if health.is_degraded() {
        "memory (fail-open: Redis is failing)"
    } else {
        "redis"
    };
    json!({ "mode": mode, "outages": health.outages() })
}

/// This instance's sync workers: how many, how many jobs run now, and how many times a
/// worker was restarted after a job panicked.
fn sync(state: &AppState) -> Value {
    match &state.sync {
        Some(sync) => json!({
            "workers": sync.workers(),
            "running": sync.running(),
            "restarts": sync.restarts(),
        }),
        None => json!({ "workers": 0, "disabled": "SYNC_ENABLED=false" }),
    }
}

/// Companies whose Dinamize credentials were refused; empty when PostgreSQL cannot say.
async fn misconfigured(state: &AppState) -> Value {
    let listed = tokio::time::timeout(CHECK_TIMEOUT, accounts::list_misconfigured(&state.db)).await;
    match listed {
        Ok(Ok(accounts)) => json!(accounts),
        _ => json!([]),
    }
}

async fn check_postgres(state: &AppState) -> Result<(), String> {
    let query = async {
        let mut conn = state.db.get().await.map_err(|e| e.to_string())?;
        diesel::sql_query("SELECT 1")
            .execute(&mut conn)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    within_timeout(query).await
}

async fn check_redis(state: &AppState) -> Result<(), String> {
    within_timeout(async { state.redis.ping().await.map_err(|e| e.to_string()) }).await
}

async fn within_timeout(check: impl Future<Output = Result<(), String>>) -> Result<(), String> {
    tokio::time::timeout(CHECK_TIMEOUT, check)
        .await
        .unwrap_or_else(|_| Err(format!("no answer within {CHECK_TIMEOUT:?}")))
}
