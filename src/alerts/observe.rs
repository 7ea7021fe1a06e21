//! What one check saw: the inputs of the alert book, read by the checker.

/// One look at the service.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Observation {
    /// Jobs that finished (completed or failed) within the failure window.
    pub finished_in_window: u64,
    /// Of those, the failed ones.
    pub failed_in_window: u64,
    /// 240024 answers this process has seen since it started (a running total).
    pub rate_limited_total: u64,
    /// Each company's oldest waiting job's age, in seconds (companies with none left out).
    pub oldest_waiting_secs: Vec<(i64, f64)>,
    /// Companies whose account is marked misconfigured, with the reason.
    pub misconfigured: Vec<(i64, String)>,
    /// The limiter decides from memory because Redis fails.
    pub limiter_failing_open: bool,
}
