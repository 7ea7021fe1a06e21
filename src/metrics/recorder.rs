//! The process-wide Prometheus recorder. The `metrics` macros write to the one global
//! recorder, so it is installed once per process (tests that start several services in one
//! process share it; counters then add up across them, which the tests allow for).

use std::sync::OnceLock;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use super::record;

/// Latency buckets (seconds) of Dinamize calls and HTTP requests: a call is milliseconds
/// against the simulator and up to `DINAMIZE_REQUEST_TIMEOUT` (20 s) against a slow Dinamize.
const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0,
];

/// Job duration buckets (seconds): a job is one to three Dinamize calls, each of which may
/// wait for a permit (up to 2 s) and take up to the request timeout.
const JOB_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the recorder (once; later calls return the same handle). Called at start-up,
/// before anything is counted: counts made before a recorder exists are lost.
pub fn install() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let handle = PrometheusBuilder::new()
            .set_buckets(LATENCY_BUCKETS)
            .and_then(|b| {
                b.set_buckets_for_metric(Matcher::Full(record::JOB_DURATION.into()), JOB_BUCKETS)
            })
            .expect("the bucket lists are not empty")
            .install_recorder()
            .unwrap_or_else(|error| {
                // Another recorder is installed (a test harness's own): keep ours unattached,
                // so /metrics still answers, with what its own calls record.
                log::warn!("metrics: recorder not installed globally: {error}");
                PrometheusBuilder::new().build_recorder().handle()
            });
        record::describe();
        handle
    })
}

/// The recorder's handle (installing it if nobody did).
pub fn handle() -> &'static PrometheusHandle {
    install()
}
