//! Where alert events go: a log line each (warning when firing, info when resolved) and, with
//! `ALERT_WEBHOOK_URL`, a JSON POST. A POST that fails is logged and not repeated: the next
//! event of the incident (its resolution) is still sent.

use std::time::Duration;

use url::Url;

use super::event::{AlertEvent, AlertStatus};

/// Longest wait for the webhook's answer.
pub const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(5);

/// Logs `event` and posts it to `url` when there is one.
pub async fn deliver(client: &reqwest::Client, url: Option<&Url>, event: &AlertEvent) {
    match event.status {
        AlertStatus::Firing => log::warn!("alert {} firing: {}", event.alert, event.summary),
        AlertStatus::Resolved => log::info!("alert {} resolved: {}", event.alert, event.summary),
    }
    let Some(url) = url else {
        return;
    };
    let sent = client
        .post(url.clone())
        .timeout(WEBHOOK_TIMEOUT)
        .json(event)
        .send()
        .await
        .and_then(|response| response.error_for_status());
    if let Err(error) = sent {
        // The URL may hold a token: log the failure's kind, not the URL.
        let error = error.without_url();
        log::warn!("alert {}: the webhook POST failed: {error}", event.alert);
    }
}
