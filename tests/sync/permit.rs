//! The permit a job is handed out with is good for half the limiter's guard: a first request
//! that would start later asks the limiter again, so that it cannot reach Dinamize after the
//! window that counted it has moved on (the through-the-queue overrun of issue 9).

use std::time::{Duration, Instant};

use dinamize_sync::actors::api_client::{Call, CallError};
use dinamize_sync::actors::rate_limiter::Lane;
use dinamize_sync::dinamize::{ContactSearchRequest, ContactSearchResponse};

use super::common::{TestApp, spawn_app_with};

const SEARCH: &str = "/emkt/contact/search";

async fn search(
    app: &TestApp,
    lane: Lane,
    prepaid: Option<Instant>,
) -> Result<ContactSearchResponse, CallError> {
    let call = Call {
        company_id: 1,
        request: ContactSearchRequest::by_email("1", "someone@example.com"),
        lane,
        deadline: Instant::now(),
        prepaid,
    };
    app.state.actors.api_client.send(call).await.unwrap()
}

fn searches_received(app: &TestApp) -> usize {
    let journal = app.sim().state().journal();
    journal.iter().filter(|e| e.path == SEARCH).count()
}

#[actix_web::test]
async fn a_permit_kept_past_its_use_by_is_asked_for_again_and_a_fresh_one_is_not() {
    // Two requests a minute for the service (the login and one search); the simulator itself
    // does not refuse, so that what reaches it shows what the service sent.
    let app = spawn_app_with(|env| env.with("DINAMIZE_RATE_LIMIT_PER_MINUTE", "2")).await;
    app.sim()
        .state()
        .set_rate_limit(1_000, Duration::from_secs(60));
    search(&app, Lane::Interactive, None)
        .await
        .expect("the window's only permit");
    assert_eq!(searches_received(&app), 1);

    let expired = Instant::now() - Duration::from_millis(1);
    let refused = search(&app, Lane::Background, Some(expired)).await;
    assert!(
        matches!(refused, Err(CallError::RateLimited { .. })),
        "an expired permit was used: {refused:?}"
    );
    assert_eq!(
        searches_received(&app),
        1,
        "the expired permit's request was sent"
    );

    let fresh = Instant::now() + Duration::from_secs(5);
    search(&app, Lane::Background, Some(fresh))
        .await
        .expect("a permit within its use-by is sent without asking again");
    assert_eq!(searches_received(&app), 2);
}
