//! The metric names and the one-line calls instrumented code makes. Every label value comes
//! from a fixed set (outcomes, lanes, endpoint names, route patterns) or is a Dinamize result
//! code or a company id.

use std::time::Duration;

use ::metrics::{Unit, counter, describe_counter, describe_gauge, describe_histogram, histogram};

use crate::auth::AuthError;
use crate::dinamize::DinamizeError;
use crate::limiter::{Decision, Lane};
use crate::sync::transition::Transition;

/// The CRM's JWTs checked on the API's routes, by `outcome`: `ok` or why it was refused.
pub const JWT_CHECKS: &str = "dinamize_sync_jwt_checks_total";
/// `POST /auth` calls to Dinamize, by `outcome`: `ok`, `refused` (credentials), `error`.
pub const AUTH_CALLS: &str = "dinamize_sync_auth_calls_total";
/// Token lookups, by `layer` (`redis`, `postgres`) and `result` (`hit`, `miss`).
pub const TOKEN_CACHE: &str = "dinamize_sync_token_cache_lookups_total";
/// Limiter decisions, by `lane`, `outcome` (`permit`, `retry`) and `failing_open`.
pub const LIMITER_DECISIONS: &str = "dinamize_sync_limiter_decisions_total";
/// 1 while the limiter decides from memory because Redis fails.
pub const LIMITER_FAILING_OPEN: &str = "dinamize_sync_limiter_failing_open";
/// Dinamize's 240024 (too many requests) answers.
pub const RATE_LIMITED_ANSWERS: &str = "dinamize_sync_rate_limited_answers_total";
/// Dinamize calls, by `endpoint` and result `code`.
pub const DINAMIZE_CALLS: &str = "dinamize_sync_dinamize_calls_total";
/// Dinamize call latency, by `endpoint`.
pub const DINAMIZE_LATENCY: &str = "dinamize_sync_dinamize_call_duration_seconds";
/// Finished job runs, by `outcome`: `completed`, `retry`, `failed`, `released`.
pub const JOBS_FINISHED: &str = "dinamize_sync_jobs_finished_total";
/// Job run duration, by `outcome`.
pub const JOB_DURATION: &str = "dinamize_sync_job_duration_seconds";
/// Jobs in the queue now, by `company` and `state` (read from PostgreSQL at scrape time).
pub const JOBS: &str = "dinamize_sync_jobs";
/// Age of the company's oldest waiting (queued and due) job; 0 with none.
pub const OLDEST_WAITING: &str = "dinamize_sync_oldest_waiting_job_age_seconds";
/// `SyncWorker` restarts after a panicking job.
pub const WORKER_RESTARTS: &str = "dinamize_sync_worker_restarts_total";
/// HTTP requests, by `method`, `route` (the pattern, e.g. `/api/leads/{id}`) and `status`.
pub const HTTP_REQUESTS: &str = "dinamize_sync_http_requests_total";
/// HTTP request duration, by `route`.
pub const HTTP_DURATION: &str = "dinamize_sync_http_request_duration_seconds";

/// 240024 answers seen by this process, for the alerts (the `metrics` facade cannot be read).
static RATE_LIMITED_SEEN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The HELP lines.
pub(super) fn describe() {
    describe_counter!(JWT_CHECKS, "CRM tokens checked by outcome");
    describe_counter!(AUTH_CALLS, "Dinamize /auth calls by outcome");
    describe_counter!(TOKEN_CACHE, "Token lookups by cache layer and result");
    describe_counter!(
        LIMITER_DECISIONS,
        "Rate limiter decisions by lane and outcome"
    );
    describe_gauge!(
        LIMITER_FAILING_OPEN,
        "1 while the limiter decides from memory"
    );
    describe_counter!(
        RATE_LIMITED_ANSWERS,
        "Dinamize 240024 (rate limited) answers"
    );
    describe_counter!(DINAMIZE_CALLS, "Dinamize calls by endpoint and result code");
    describe_histogram!(DINAMIZE_LATENCY, Unit::Seconds, "Dinamize call latency");
    describe_counter!(JOBS_FINISHED, "Sync job runs by outcome");
    describe_histogram!(JOB_DURATION, Unit::Seconds, "Sync job run duration");
    describe_gauge!(JOBS, "Sync jobs by company and state");
    describe_gauge!(OLDEST_WAITING, "Age of the oldest waiting job by company");
    describe_counter!(WORKER_RESTARTS, "SyncWorker restarts after a panic");
    describe_counter!(HTTP_REQUESTS, "HTTP requests by method, route and status");
    describe_histogram!(
        HTTP_DURATION,
        Unit::Seconds,
        "HTTP request duration by route"
    );
}

/// One CRM token checked (before the role): `ok`, or the refusal's kind.
pub fn token_check<T>(result: &Result<T, AuthError>) {
    let outcome = match result {
        Ok(_) => "ok",
        Err(AuthError::Missing) => "missing",
        Err(AuthError::NotBearer) => "not_bearer",
        Err(AuthError::Expired) => "expired",
        Err(AuthError::NotYetValid) => "not_yet_valid",
        Err(AuthError::BadSignature) => "bad_signature",
        Err(AuthError::WrongAlgorithm(_)) => "wrong_algorithm",
        Err(AuthError::Malformed) => "malformed",
        Err(AuthError::BadClaim(_)) => "bad_claim",
        Err(AuthError::Temporary) => "temporary",
    };
    counter!(JWT_CHECKS, "outcome" => outcome).increment(1);
}

/// One `/auth` call's answer.
pub fn auth_call<T>(result: &Result<T, DinamizeError>) {
    let outcome = match result {
        Ok(_) => "ok",
        Err(DinamizeError::Auth { .. }) => "refused",
        Err(_) => "error",
    };
    counter!(AUTH_CALLS, "outcome" => outcome).increment(1);
}

/// The token cache's layers.
#[derive(Debug, Clone, Copy)]
pub enum Layer {
    Redis,
    Postgres,
}

/// One look at a token cache layer: `hit` when it served a usable token.
pub fn token_lookup(layer: Layer, hit: bool) {
    let layer = match layer {
        Layer::Redis => "redis",
        Layer::Postgres => "postgres",
    };
    let result = if hit { "hit" } else { "miss" };
    counter!(TOKEN_CACHE, "layer" => layer, "result" => result).increment(1);
}

/// One limiter decision; `failing_open`: Redis is failing and memory decides.
pub fn limiter_decision(lane: Lane, decision: Decision, failing_open: bool) {
    let lane = match lane {
        Lane::Interactive => "interactive",
        Lane::Background => "background",
    };
    let outcome = match decision {
        Decision::Permit => "permit",
        Decision::RetryIn(_) => "retry",
    };
    let open = if failing_open { "true" } else { "false" };
    counter!(LIMITER_DECISIONS, "lane" => lane, "outcome" => outcome, "failing_open" => open)
        .increment(1);
}

/// One Dinamize call to `endpoint` (a request's `name()`, or `auth`) that took `elapsed`.
pub fn dinamize_call<T>(
    endpoint: &'static str,
    result: &Result<T, DinamizeError>,
    elapsed: Duration,
) {
    let code = result_code(result);
    if matches!(result, Err(DinamizeError::RateLimited { .. })) {
        counter!(RATE_LIMITED_ANSWERS).increment(1);
        RATE_LIMITED_SEEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    counter!(DINAMIZE_CALLS, "endpoint" => endpoint, "code" => code).increment(1);
    histogram!(DINAMIZE_LATENCY, "endpoint" => endpoint).record(elapsed.as_secs_f64());
}

/// 240024 answers this process has seen since it started.
pub fn rate_limited_answers_seen() -> u64 {
    RATE_LIMITED_SEEN.load(std::sync::atomic::Ordering::Relaxed)
}

/// The `code` label: Dinamize's result code (`480001` on success), or what went wrong
/// without one (`transport`, `timeout`, `http_<status>`, `decode`, `encode`). A code that is
/// not a short number (a misbehaving server) is `other`, so labels stay few.
fn result_code<T>(result: &Result<T, DinamizeError>) -> String {
    let error = match result {
        Ok(_) => return crate::dinamize::codes::SUCCESS.to_string(),
        Err(error) => error,
    };
    match error {
        DinamizeError::Transport {
            timed_out: true, ..
        } => "timeout".into(),
        DinamizeError::Transport { .. } => "transport".into(),
        DinamizeError::HttpStatus { status } => format!("http_{status}"),
        DinamizeError::Decode { .. } => "decode".into(),
        DinamizeError::Encode { .. } => "encode".into(),
        other => match other.code() {
            Some(code) if code.len() <= 8 && code.bytes().all(|b| b.is_ascii_digit()) => {
                code.to_string()
            }
            _ => "other".into(),
        },
    }
}

/// One job run that ended in `transition` after `elapsed`.
pub fn job_finished(transition: &Transition, elapsed: Duration) {
    let outcome = match transition {
        Transition::Complete(_) => "completed",
        Transition::Retry { .. } => "retry",
        Transition::Fail { .. } => "failed",
        Transition::Release { .. } => "released",
    };
    counter!(JOBS_FINISHED, "outcome" => outcome).increment(1);
    histogram!(JOB_DURATION, "outcome" => outcome).record(elapsed.as_secs_f64());
}

/// A `SyncWorker` restarts.
pub fn worker_restarted() {
    counter!(WORKER_RESTARTS).increment(1);
}

/// One HTTP request answered.
pub fn http_request(method: &'static str, route: String, status: u16, elapsed: Duration) {
    histogram!(HTTP_DURATION, "route" => route.clone()).record(elapsed.as_secs_f64());
    counter!(HTTP_REQUESTS, "method" => method, "route" => route, "status" => status.to_string())
        .increment(1);
}
