//! The bench command line: which scenarios to run, against which Redis, and the hidden worker
//! mode the `ratelimit_direct` scenario re-executes the binary in.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use super::receiving::ReceiverKind;
use super::report::print_line;
use super::{
    backfill, decisions, enqueue, fleet, http, noop, ratelimit, ratelimit_direct, retry, rss,
    worker,
};
use dinamize_sync::limiter::DEFAULT_GUARD;

/// Scenarios this binary knows, in the order they run when none is named.
pub const SCENARIOS: &[&str] = &[
    "enqueue",
    "noop",
    "http",
    "ratelimit",
    "limiter",
    "retry",
    "rss",
    "fleet",
    "ratelimit_direct",
    "backfill",
];

/// Benchmarks of dinamize-sync; one JSON line per scenario on stdout.
#[derive(Debug, Parser)]
#[command(name = "bench")]
pub struct BenchArgs {
    /// Scenarios to run (all when none): enqueue, noop, http, ratelimit, limiter, retry, rss,
    /// fleet, ratelimit_direct, backfill (`BENCH_BACKFILL_N` leads, default 100 000).
    pub scenarios: Vec<String>,
    /// The Redis the scenarios use (each under its own key prefix, removed afterwards).
    #[arg(
        long,
        env = "BENCH_REDIS_URL",
        default_value = "redis://127.0.0.1:6379/"
    )]
    pub redis_url: String,
    /// The limiter's guard margin in milliseconds (default: the service's default).
    #[arg(long)]
    pub guard_ms: Option<u64>,
    /// The receiver of scenario `ratelimit_direct`: the Dinamize simulator, or the plain recorder
    /// (which also measures the delay from decision to arrival).
    #[arg(long, value_enum, default_value = "sim")]
    pub receiver: ReceiverKind,
    /// Internal: run as a `ratelimit_direct` worker process with this JSON configuration.
    #[arg(long, hide = true)]
    pub worker_config: Option<String>,
}

/// Entry point of `src/bin/bench.rs`.
pub fn main() -> ExitCode {
    let args = BenchArgs::parse();
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    dinamize_sync::dinamize::tls::install_crypto_provider();
    let system = actix_rt::System::new();
    let result = match &args.worker_config {
        Some(json) => system.block_on(run_worker(json)),
        None => system.block_on(run_scenarios(&args)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run_worker(json: &str) -> Result<(), String> {
    let config = serde_json::from_str(json).map_err(|e| format!("worker config: {e}"))?;
    worker::run(config).await
}

async fn run_scenarios(args: &BenchArgs) -> Result<(), String> {
    let names: Vec<&str> = if args.scenarios.is_empty() {
        SCENARIOS.to_vec()
    } else {
        args.scenarios.iter().map(String::as_str).collect()
    };
    if let Some(unknown) = names.iter().find(|n| !SCENARIOS.contains(n)) {
        return Err(format!(
            "unknown scenario {unknown:?}; known: {SCENARIOS:?}"
        ));
    }
    let guard = args.guard_ms.map_or(DEFAULT_GUARD, Duration::from_millis);
    for name in names {
        let prefix = format!("bench-{name}-{:x}:", rand::random::<u32>());
        let fields = match name {
            "limiter" => decisions::run(&args.redis_url, &prefix, guard).await,
            "ratelimit_direct" => {
                ratelimit_direct::run(&args.redis_url, &prefix, guard, args.receiver).await
            }
            "enqueue" => enqueue::run(&args.redis_url).await,
            "noop" => noop::run(&args.redis_url).await,
            "http" => http::run(&args.redis_url).await,
            "ratelimit" => ratelimit::run(&args.redis_url).await,
            "retry" => retry::run(&args.redis_url).await,
            "rss" => rss::run(&args.redis_url).await,
            "fleet" => fleet::run(&args.redis_url).await,
            "backfill" => backfill::run(&args.redis_url).await,
            _ => unreachable!("checked above"),
        }
        .map_err(|e| format!("scenario {name}: {e}"))?;
        print_line(name, fields);
    }
    Ok(())
}
