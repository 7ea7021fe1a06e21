//! `SYNC_*`: the lead sync queue, its workers and its retries.

use std::time::Duration;

use super::{ConfigError, Env};
use crate::dinamize::RetryPolicy;

/// The sync queue and its workers.
#[derive(Debug, Clone)]
pub struct SyncConfig {
    /// `SYNC_ENABLED` (default `true`): whether this instance runs sync workers. An instance
    /// with `false` still captures and enqueues (the database does that), others work it.
    pub enabled: bool,
    /// `SYNC_CONCURRENCY` (default `5`, 1..=500): `SyncWorker` actors of this instance, i.e.
    /// jobs running at once.
    pub concurrency: usize,
    /// `SYNC_MAX_ATTEMPTS` (default `4`: the first run and three retries),
    /// `SYNC_BACKOFF_BASE_MS` (default `5000`), `SYNC_BACKOFF_FACTOR` (default `2`) and
    /// `SYNC_BACKOFF_JITTER_PERCENT` (default `10`): transient failures wait 5, 10, 20 s ±10 %.
    pub retry: RetryPolicy,
    /// `SYNC_LEASE_SECS` (default `120`, 1..=86400): how long a worker owns a job; a job whose
    /// worker died (kill -9) goes back to the queue when its lease ends. Longer than the
    /// longest job (a few Dinamize calls of `DINAMIZE_REQUEST_TIMEOUT` each).
    pub lease: Duration,
    /// `SYNC_POLL_INTERVAL_MS` (default `500`, 10..=60000): how often idle workers look for
    /// work written without a wake-up (the CRM's own SQL, another instance while Redis is down).
    pub poll_interval: Duration,
    /// `SYNC_TICK_MS` (default `1000`, 10..=60000): the supervisor's tick (expired leases).
    pub tick: Duration,
}

impl SyncConfig {
    pub(super) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let jitter: u32 = bounded(env, "SYNC_BACKOFF_JITTER_PERCENT", 10, 0, 100)?;
        Ok(Self {
            enabled: env.parse("SYNC_ENABLED", true, "true or false")?,
            concurrency: bounded(env, "SYNC_CONCURRENCY", 5, 1, 500)?,
            retry: RetryPolicy {
                max_attempts: bounded(env, "SYNC_MAX_ATTEMPTS", 4, 1, 100)?,
                base: Duration::from_millis(bounded(
                    env,
                    "SYNC_BACKOFF_BASE_MS",
                    5_000,
                    1,
                    3_600_000,
                )?),
                factor: bounded(env, "SYNC_BACKOFF_FACTOR", 2, 1, 10)?,
                jitter: f64::from(jitter) / 100.0,
            },
            lease: Duration::from_secs(bounded(env, "SYNC_LEASE_SECS", 120, 1, 86_400)?),
            poll_interval: Duration::from_millis(bounded(
                env,
                "SYNC_POLL_INTERVAL_MS",
                500,
                10,
                60_000,
            )?),
            tick: Duration::from_millis(bounded(env, "SYNC_TICK_MS", 1_000, 10, 60_000)?),
        })
    }
}

/// A whole number in `min..=max`, or `default`.
fn bounded<T>(env: &Env, name: &str, default: T, min: T, max: T) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    let expected = format!("a whole number from {min} to {max}");
    let value = env.parse(name, default, &expected)?;
    if value < min || value > max {
        return Err(ConfigError::invalid(name, &expected, &value.to_string()));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<SyncConfig, ConfigError> {
        SyncConfig::from_env(&Env::from_pairs(pairs.iter().copied()))
    }

    #[test]
    fn defaults_are_five_workers_and_retries_after_five_ten_and_twenty_seconds() {
        let c = config(&[]).unwrap();
        assert!(c.enabled);
        assert_eq!(c.concurrency, 5);
        assert_eq!(c.retry, RetryPolicy::default());
        assert_eq!(c.lease, Duration::from_secs(120));
    }

    #[test]
    fn out_of_range_values_name_their_variable() {
        for (name, value) in [
            ("SYNC_CONCURRENCY", "0"),
            ("SYNC_CONCURRENCY", "100000"),
            ("SYNC_LEASE_SECS", "99999999999"),
            ("SYNC_BACKOFF_JITTER_PERCENT", "101"),
            ("SYNC_ENABLED", "maybe"),
        ] {
            let error = config(&[(name, value)]).unwrap_err().to_string();
            assert!(error.starts_with(name), "{error}");
        }
    }
}
