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
    /// `SYNC_TICK_MS` (default `1000`, 10..=60000): the supervisor's tick (expired leases,
    /// finished runs, the schedule, retention).
    pub tick: Duration,
    /// `SYNC_INCREMENTAL_INTERVAL` (default `0` = off; else 1 s to 7 days): every company with
    /// an active account gets an incremental run this often, started by one instance whatever
    /// their number. Seconds, or a number with `s`, `m`, `h` or `d` (`15m`).
    pub incremental_interval: Option<Duration>,
    /// What the retention sweeper keeps.
    pub retention: RetentionConfig,
    /// Backfills through Dinamize's bulk import.
    pub import: ImportConfig,
}

/// `SYNC_IMPORT_*`: backfills through Dinamize's bulk import (`sync::backfill`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportConfig {
    /// `SYNC_IMPORT_CHUNK_ROWS` (default `50000`, 1..=1000000): leads per CSV file, one
    /// import each.
    pub chunk_rows: u32,
    /// `SYNC_IMPORT_THRESHOLD` (default `1000`, 0..=100000000): a `full` run of more live
    /// leads than this goes through the import (at 60 requests a minute, 1 000 leads one by
    /// one take about 18 minutes; the import a handful of requests).
    pub threshold: u32,
    /// `SYNC_IMPORT_POLL_MS` (default `5000`, 10..=600000): the wait between two polls of an
    /// import's status (each poll is a request within the account's limit).
    pub poll: Duration,
}

impl Default for ImportConfig {
    fn default() -> Self {
        Self {
            chunk_rows: 50_000,
            threshold: 1_000,
            poll: Duration::from_secs(5),
        }
    }
}

/// `SYNC_REMOVE_*` and `SYNC_LOG_RETENTION_DAYS`: how long finished jobs and the attempt log
/// are kept (BullMQ's `removeOnComplete` / `removeOnFail` ages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionConfig {
    /// `SYNC_REMOVE_COMPLETED_AFTER` (default `1h`, 1 s to 365 d): completed jobs are deleted
    /// this long after they completed.
    pub completed_after: Duration,
    /// `SYNC_REMOVE_FAILED_AFTER` (default `24h`, 1 s to 365 d): failed jobs are kept this long
    /// for the admins to look at and retry.
    pub failed_after: Duration,
    /// `SYNC_LOG_RETENTION_DAYS` (default `30`, 1..=3650): `crm_sync_logs` rows older than this
    /// are deleted. A month answers "why did this lead not reach Dinamize last week" and spans a
    /// monthly review, while bounding the table: one row per attempt, so a Black-Friday day of
    /// 500 000 changes keeps about 15 million rows.
    pub log_days: u32,
}

impl Default for RetentionConfig {
    fn default() -> Self {
        Self {
            completed_after: Duration::from_secs(3_600),
            failed_after: Duration::from_secs(86_400),
            log_days: 30,
        }
    }
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
            incremental_interval: interval(env, "SYNC_INCREMENTAL_INTERVAL", 0, WEEK_SECS)?
                .filter(|d| !d.is_zero()),
            retention: RetentionConfig {
                completed_after: required(env, "SYNC_REMOVE_COMPLETED_AFTER", 3_600)?,
                failed_after: required(env, "SYNC_REMOVE_FAILED_AFTER", 86_400)?,
                log_days: bounded(env, "SYNC_LOG_RETENTION_DAYS", 30, 1, 3_650)?,
            },
            import: ImportConfig {
                chunk_rows: bounded(env, "SYNC_IMPORT_CHUNK_ROWS", 50_000, 1, 1_000_000)?,
                threshold: bounded(env, "SYNC_IMPORT_THRESHOLD", 1_000, 0, 100_000_000)?,
                poll: Duration::from_millis(bounded(
                    env,
                    "SYNC_IMPORT_POLL_MS",
                    5_000,
                    10,
                    600_000,
                )?),
            },
        })
    }
}

const WEEK_SECS: u64 = 7 * 86_400;
const YEAR_SECS: u64 = 365 * 86_400;

/// A duration from 1 s to a year, `default_secs` when unset.
fn required(env: &Env, name: &str, default_secs: u64) -> Result<Duration, ConfigError> {
    let secs = interval(env, name, default_secs, YEAR_SECS)?.unwrap_or_default();
    if secs.is_zero() {
        let expected = format!("a duration from 1s to {YEAR_SECS}s");
        return Err(ConfigError::invalid(name, &expected, "0"));
    }
    Ok(secs)
}

/// A duration in seconds (`90`) or with a unit (`90s`, `15m`, `1h`, `1d`), at most `max_secs`;
/// `default_secs` when unset.
fn interval(
    env: &Env,
    name: &str,
    default_secs: u64,
    max_secs: u64,
) -> Result<Option<Duration>, ConfigError> {
    let expected = format!("seconds, or a number with s, m, h or d, up to {max_secs}s");
    let Some(raw) = env.optional(name) else {
        return Ok(Some(Duration::from_secs(default_secs)));
    };
    match seconds(raw.trim()) {
        Some(secs) if secs <= max_secs => Ok(Some(Duration::from_secs(secs))),
        _ => Err(ConfigError::invalid(name, &expected, &raw)),
    }
}

/// `90`, `90s`, `15m`, `1h`, `1d` as seconds.
fn seconds(text: &str) -> Option<u64> {
    let (number, unit) = match text.char_indices().last()? {
        (i, c) if c.is_ascii_alphabetic() => (&text[..i], c.to_ascii_lowercase()),
        _ => (text, 's'),
    };
    let scale = match unit {
        's' => 1,
        'm' => 60,
        'h' => 3_600,
        'd' => 86_400,
        _ => return None,
    };
    number.trim().parse::<u64>().ok()?.checked_mul(scale)
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
        assert_eq!(c.incremental_interval, None);
        assert_eq!(c.retention, RetentionConfig::default());
    }

    #[test]
    fn durations_take_seconds_or_a_unit() {
        let c = config(&[
            ("SYNC_INCREMENTAL_INTERVAL", "15m"),
            ("SYNC_REMOVE_COMPLETED_AFTER", "90"),
            ("SYNC_REMOVE_FAILED_AFTER", "2d"),
            ("SYNC_LOG_RETENTION_DAYS", "7"),
        ])
        .unwrap();
        assert_eq!(c.incremental_interval, Some(Duration::from_secs(900)));
        assert_eq!(c.retention.completed_after, Duration::from_secs(90));
        assert_eq!(c.retention.failed_after, Duration::from_secs(172_800));
        assert_eq!(c.retention.log_days, 7);
        let off = config(&[("SYNC_INCREMENTAL_INTERVAL", "0")]).unwrap();
        assert_eq!(off.incremental_interval, None);
    }

    #[test]
    fn out_of_range_values_name_their_variable() {
        for (name, value) in [
            ("SYNC_CONCURRENCY", "0"),
            ("SYNC_CONCURRENCY", "100000"),
            ("SYNC_LEASE_SECS", "99999999999"),
            ("SYNC_BACKOFF_JITTER_PERCENT", "101"),
            ("SYNC_ENABLED", "maybe"),
            ("SYNC_INCREMENTAL_INTERVAL", "8d"),
            ("SYNC_INCREMENTAL_INTERVAL", "soon"),
            ("SYNC_REMOVE_COMPLETED_AFTER", "0"),
            ("SYNC_REMOVE_FAILED_AFTER", "-1h"),
            ("SYNC_LOG_RETENTION_DAYS", "0"),
        ] {
            let error = config(&[(name, value)]).unwrap_err().to_string();
            assert!(error.starts_with(name), "{error}");
        }
    }
}
