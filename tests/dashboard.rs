//! `/admin` end to end in headless Chromium (Debian's `chromium` and `chromium-driver`, which
//! `.ci/run` installs): an ADMIN token opens the page, sees a failed job with its last error,
//! presses Retry and sees the job complete, starts a full run and sees it finish; a USER token sees a clear refusal. The page as
//! the admin saw it is saved to `docs/dashboard.png` (shown in the README).

mod common;

#[allow(dead_code)] // Shared with tests/sync.rs, which uses the rest.
#[path = "sync/support.rs"]
mod support;

#[path = "dashboard/browser.rs"]
mod browser;

use std::time::Duration;

use dinamize_sync::auth::Role;
use fantoccini::Locator;

use browser::Browser;
use support::{drained, exec, insert_lead, number, sync_app};

/// Where the screenshot goes.
const SCREENSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/dashboard.png");
/// Longest wait for the page to show something.
const PATIENCE: Duration = Duration::from_secs(30);

#[actix_web::test]
async fn an_admin_retries_a_failed_job_and_starts_a_run_from_the_page_and_a_user_is_refused() {
    let browser = Browser::start().await;
    let app = sync_app(|env| env).await;
    let db = &app.state.db;
    insert_lead(db, 1, "ana.souza@example.com", "Ana Souza").await;
    insert_lead(db, 1, "bruno.lima@example.com", "Bruno Lima").await;
    drained(db, 30).await;
    let failed = number(db, "SELECT min(id) AS n FROM crm_sync_queue").await;
    exec(
        db,
        &format!(
            "UPDATE crm_sync_queue SET status = 'failed', attempts = 4, completed_at = now(), \
             last_error = 'NETWORK: Dinamize answered HTTP 502 (injected by the test)' \
             WHERE id = {failed}"
        ),
    )
    .await;

    let page = &browser.client;
    let admin = app.token(1, Role::Admin);
    page.goto(&format!("{}/admin#token={admin}", app.address))
        .await
        .unwrap();
    let retry = format!(".failed-jobs tr[data-job='{failed}'] button.retry");
    page.wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(&retry))
        .await
        .expect("the failed job is listed with a Retry button");
    let error_cell = format!(".failed-jobs tr[data-job='{failed}'] td.error");
    let error = page.find(Locator::Css(&error_cell)).await.unwrap();
    assert!(error.text().await.unwrap().contains("HTTP 502"));
    assert!(
        !page
            .current_url()
            .await
            .unwrap()
            .as_str()
            .contains("token="),
        "the token leaves the address bar"
    );
    let screenshot = page.screenshot().await.unwrap();
    std::fs::write(SCREENSHOT, screenshot).unwrap();

    browser.click(&retry).await;
    let completed = format!(".recent-jobs tr[data-job='{failed}'] td.status-completed");
    page.wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(&completed))
        .await
        .expect("the retried job shows as completed");
    let status = format!(
        "SELECT count(*) AS n FROM crm_sync_queue WHERE id = {failed} AND status = 'completed'"
    );
    assert_eq!(number(db, &status).await, 1);

    browser.click(".start-full").await;
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        // Read in one script: the table is rebuilt on every refresh.
        let script =
            "const r = document.querySelector('.runs tbody tr'); return r ? r.textContent : '';";
        let first = page.execute(script, vec![]).await.unwrap();
        let first = first.as_str().unwrap_or_default().to_owned();
        if first.contains("full") && first.contains("finished") && first.contains("2 done") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the run shows as finished: {first:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let user = app.token(1, Role::User);
    page.goto(&format!("{}/admin?as=user#token={user}", app.address))
        .await
        .unwrap();
    let refused = page
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css("#refused:not([hidden])"))
        .await
        .expect("a USER token is refused");
    let text = refused.text().await.unwrap();
    assert!(text.contains("Access refused (403)"), "{text}");
    assert!(text.contains("OWNER or ADMIN"), "{text}");
    assert!(
        page.find_all(Locator::Css(".company"))
            .await
            .unwrap()
            .is_empty()
    );
    browser.close().await;
}
