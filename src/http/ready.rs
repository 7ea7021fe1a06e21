//! `GET /ready`: 503 only when something the service cannot work without (PostgreSQL) fails;
//! 200 `"degraded"` when a dependency it can work around (Redis: tokens come from PostgreSQL,
//! the limiter from this instance's memory) fails, so a load balancer does not take every
//! instance out of service at once during a Redis outage. Another check is one more entry in
//! the list `ready` builds.

use std::time::Duration;

use actix_web::{HttpResponse, get, web};
use diesel_async::RunQueryDsl;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::AppState;
use crate::accounts;

/// How long one dependency may take to answer before it counts as down.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// What a failing check does to readiness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    /// The service cannot work without it: failing means 503.
    Required,
    /// The service works around it: failing means 200 `"degraded"`.
    Optional,
}

/// One dependency's state.
#[derive(Debug, Serialize)]
pub struct Check {
    #[serde(skip)]
    pub name: &'static str,
    pub status: &'static str,
    pub need: Need,
    /// What the service does meanwhile (optional checks only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Check {
    /// A check required for readiness.
    pub fn required(name: &'static str, result: Result<(), String>) -> Self {
        Self::new(name, Need::Required, None, result)
    }

    /// A check the service works around with `fallback` while it fails.
    pub fn optional(
        name: &'static str,
        fallback: &'static str,
        result: Result<(), String>,
    ) -> Self {
        Self::new(name, Need::Optional, Some(fallback), result)
    }

    fn new(
        name: &'static str,
        need: Need,
        fallback: Option<&'static str>,
        result: Result<(), String>,
    ) -> Self {
        let (status, error) = match result {
            Ok(()) => ("up", None),
            Err(error) => ("down", Some(error)),
        };
        Self {
            name,
            status,
            need,
            fallback,
            error,
        }
    }

    fn is_up(&self) -> bool {
        self.status == "up"
    }

    /// Why readiness is degraded by this check, when it is.
    fn reason(&self) -> Option<String> {
        let (false, Need::Optional) = (self.is_up(), self.need) else {
            return None;
        };
        let error = self.error.as_deref().unwrap_or("down");
        Some(format!(
            "{} is down ({error}); {}",
            self.name,
            self.fallback.unwrap_or("")
        ))
    }
}

/// The overall answer for a set of checks: HTTP status, `status` field, failing names and the
/// reasons for a degraded answer.
pub fn verdict(checks: &[Check]) -> (u16, &'static str, Vec<&'static str>, Vec<String>) {
    let failing: Vec<&str> = checks
        .iter()
        .filter(|c| !c.is_up())
        .map(|c| c.name)
        .collect();
    let reasons: Vec<String> = checks.iter().filter_map(Check::reason).collect();
    let required_down = checks
        .iter()
        .any(|c| !c.is_up() && c.need == Need::Required);
    match (required_down, failing.is_empty()) {
        (true, _) => (503, "not_ready", failing, reasons),
        (false, false) => (200, "degraded", failing, reasons),
        (false, true) => (200, "ready", failing, reasons),
    }
}

/// What the service does without Redis.
const REDIS_FALLBACK: &str =
    "serving on: tokens from PostgreSQL, rate-limit decisions from this instance's memory";

/// 200 (`ready` or `degraded`) or 503 (`not_ready`) with every check and the Dinamize mode.
#[utoipa::path(get, path = "/ready", tag = "operations", responses(
    (status = 200, description = "Serving: `status` is `ready`, or `degraded` when an optional \
        dependency (Redis) fails and `degraded` says why"),
    (status = 503, description = "A required dependency (PostgreSQL) is down; `failing` names it"),
))]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let (postgres, redis) = tokio::join!(check_postgres(&state), check_redis(&state));
    let checks = [
        Check::required("postgres", postgres),
        Check::optional("redis", REDIS_FALLBACK, redis),
    ];
    let (code, status, failing, reasons) = verdict(&checks);
    let mut checks_json = Map::new();
    for check in &checks {
        checks_json.insert(check.name.into(), json!(check));
    }
    let body = json!({
        "status": status,
        "failing": failing,
        "degraded": reasons,
        "checks": Value::Object(checks_json),
        "dinamize": state.dinamize.describe(),
        "dinamize_url": state.sim.as_ref().map(|sim| sim.base_url()),
        "limiter": limiter(&state),
        "sync": sync(&state),
        "misconfigured_accounts": misconfigured(&state).await,
    });
    let code = actix_web::http::StatusCode::from_u16(code).unwrap_or_default();
    HttpResponse::build(code).json(body)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_optional_dependency_down_degrades_but_stays_ready() {
        let checks = [
            Check::required("postgres", Ok(())),
            Check::optional("redis", "fallback", Err("refused".into())),
        ];
        let (code, status, failing, reasons) = verdict(&checks);
        assert_eq!((code, status, failing), (200, "degraded", vec!["redis"]));
        assert_eq!(reasons, ["redis is down (refused); fallback"]);
    }

    #[test]
    fn a_required_dependency_down_is_not_ready() {
        let checks = [
            Check::required("postgres", Err("timeout".into())),
            Check::optional("redis", "fallback", Ok(())),
        ];
        let (code, status, failing, _) = verdict(&checks);
        assert_eq!(
            (code, status, failing),
            (503, "not_ready", vec!["postgres"])
        );
    }

    #[test]
    fn everything_up_is_ready() {
        let checks = [Check::required("postgres", Ok(()))];
        let (code, status, failing, reasons) = verdict(&checks);
        assert_eq!((code, status), (200, "ready"));
        assert!(failing.is_empty() && reasons.is_empty());
    }
}
