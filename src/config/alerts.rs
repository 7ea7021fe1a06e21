//! `ALERT_*`: the thresholds the alert checker watches and where alerts are posted.

use std::time::Duration;

use url::Url;

use super::{ConfigError, Env, Secret, bounds};

/// The alerts (see `crate::alerts`).
#[derive(Debug, Clone, PartialEq)]
pub struct AlertsConfig {
    /// `ALERT_WEBHOOK_URL` (default none): each alert, firing and resolved, is POSTed there as
    /// JSON; without it alerts are only logged. Treated as a secret (webhook URLs often embed
    /// a token): never logged nor echoed in errors.
    pub webhook_url: Option<Secret<Url>>,
    /// `ALERT_CHECK_INTERVAL_MS` (default `15000`): how often the thresholds are checked.
    pub check_interval: Duration,
    /// `ALERT_FAILURE_RATE_PERCENT` (default `20`): failed jobs among the jobs finished within
    /// the failure window, in percent, at or above which the failure-rate alert fires.
    pub failure_rate_percent: u32,
    /// `ALERT_FAILURE_WINDOW_SECS` (default `300`): the window the failure rate is measured on.
    pub failure_window: Duration,
    /// `ALERT_FAILURE_MIN_JOBS` (default `10`): fewer finished jobs in the window never fire
    /// (one failure out of one job is not a rate).
    pub failure_min_jobs: u64,
    /// `ALERT_RATE_LIMITED_PER_MINUTE` (default `5`): Dinamize 240024 answers in the last
    /// minute (seen by this instance) at or above which the rate-limit alert fires.
    pub rate_limited_per_minute: u64,
    /// `ALERT_OLDEST_WAITING_SECS` (default `600`): a company whose oldest waiting job is at
    /// least this old fires the queue-age alert.
    pub oldest_waiting: Duration,
}

impl AlertsConfig {
    pub(super) fn from_env(env: &Env) -> Result<Self, ConfigError> {
        let webhook_url = match env.secret("ALERT_WEBHOOK_URL") {
            None => None,
            Some(raw) => Some(Secret::new(webhook(raw.expose())?)),
        };
        Ok(Self {
            webhook_url,
            check_interval: env.bounded_millis(&bounds::ALERT_CHECK_INTERVAL_MS)?,
            failure_rate_percent: env.bounded(&bounds::ALERT_FAILURE_RATE_PERCENT)?,
            failure_window: Duration::from_secs(env.bounded(&bounds::ALERT_FAILURE_WINDOW_SECS)?),
            failure_min_jobs: env.bounded(&bounds::ALERT_FAILURE_MIN_JOBS)?,
            rate_limited_per_minute: env.bounded(&bounds::ALERT_RATE_LIMITED_PER_MINUTE)?,
            oldest_waiting: Duration::from_secs(env.bounded(&bounds::ALERT_OLDEST_WAITING_SECS)?),
        })
    }
}

/// An `http://` or `https://` URL, never echoed.
fn webhook(raw: &str) -> Result<Url, ConfigError> {
    let expected = "an http:// or https:// URL";
    match Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => Ok(url),
        _ => Err(ConfigError::secret("ALERT_WEBHOOK_URL", expected)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<AlertsConfig, ConfigError> {
        AlertsConfig::from_env(&Env::from_pairs(pairs.iter().copied()))
    }

    #[test]
    fn defaults_post_nothing_and_check_every_fifteen_seconds() {
        let c = config(&[]).unwrap();
        assert_eq!(c.webhook_url, None);
        assert_eq!(c.check_interval, Duration::from_secs(15));
        assert_eq!((c.failure_rate_percent, c.failure_min_jobs), (20, 10));
        assert_eq!(c.failure_window, Duration::from_secs(300));
        assert_eq!(c.rate_limited_per_minute, 5);
        assert_eq!(c.oldest_waiting, Duration::from_secs(600));
    }

    #[test]
    fn a_webhook_that_is_not_http_is_refused_without_echoing_it() {
        let error = config(&[("ALERT_WEBHOOK_URL", "ftp://hooks/secret-token")]).unwrap_err();
        let text = error.to_string();
        assert!(
            text.starts_with("ALERT_WEBHOOK_URL: expected an http"),
            "{text}"
        );
        assert!(!text.contains("secret-token"), "{text}");
        let ok = config(&[("ALERT_WEBHOOK_URL", "https://hooks.example.com/x")]).unwrap();
        assert!(
            !format!("{ok:?}").contains("hooks.example.com"),
            "Debug redacts it"
        );
        assert_eq!(
            ok.webhook_url.unwrap().expose().host_str(),
            Some("hooks.example.com")
        );
    }
}
