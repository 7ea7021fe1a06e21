//! Single flight: however many callers on however many instances, one `/auth` per company at
//! a time, and its outcome (token, refused credentials, rate limit) shared by all of them.

use std::time::Duration;

use dinamize_sync::actors::token::GetToken;
use dinamize_sync::dinamize::DinamizeError;
use dinamize_sync::tokens::TokenError;
use futures_util::future::join_all;

use crate::support::*;

#[actix_web::test]
async fn fifty_concurrent_requests_on_three_instances_make_exactly_one_auth_call() {
    let ctx = context().await;
    let sim = simulator().await;
    set_account(&ctx, SIM_PASSWORD).await;
    let actors: Vec<_> = (0..3).map(|_| instance(&ctx.config, &sim).1).collect();
    let calls = (0..50).map(|i| {
        actors[i % 3].send(GetToken {
            company_id: COMPANY,
        })
    });
    let tokens: Vec<String> = join_all(calls)
        .await
        .into_iter()
        .map(|answer| answer.unwrap().unwrap())
        .collect();
    assert_eq!(
        auth_calls(&sim),
        1,
        "exactly one /auth across the three instances"
    );
    assert!(
        tokens.iter().all(|t| *t == tokens[0]),
        "every caller got the same token"
    );
}

#[actix_web::test]
async fn fifty_concurrent_requests_for_a_misconfigured_account_make_one_auth_call() {
    let ctx = context().await;
    let sim = simulator().await;
    set_account(&ctx, "wrong-password").await;
    let actors: Vec<_> = (0..3).map(|_| instance(&ctx.config, &sim).1).collect();
    let calls = (0..50).map(|i| {
        actors[i % 3].send(GetToken {
            company_id: COMPANY,
        })
    });
    for answer in join_all(calls).await {
        let answer = answer.unwrap();
        assert!(
            matches!(answer, Err(TokenError::Misconfigured { .. })),
            "{answer:?}"
        );
    }
    assert_eq!(
        auth_calls(&sim),
        1,
        "the refused login is shared, not repeated"
    );
}

#[actix_web::test]
async fn a_rate_limited_login_is_not_repeated_by_the_waiting_callers() {
    let ctx = context().await;
    let sim = simulator().await;
    set_account(&ctx, SIM_PASSWORD).await;
    let actors: Vec<_> = (0..2).map(|_| instance(&ctx.config, &sim).1).collect();
    sim.state().start_storm(Duration::from_secs(30));
    let calls = (0..20).map(|i| {
        actors[i % 2].send(GetToken {
            company_id: COMPANY,
        })
    });
    for answer in join_all(calls).await {
        match answer.unwrap() {
            Err(TokenError::Dinamize(DinamizeError::RateLimited { retry_after, .. })) => {
                assert!(retry_after > Duration::ZERO);
            }
            other => panic!("expected RateLimited, got {other:?}"),
        }
    }
    assert_eq!(
        auth_calls(&sim),
        1,
        "the callers behind the first share its answer"
    );
    assert!(
        dinamize_sync::accounts::list_misconfigured(&ctx.db)
            .await
            .unwrap()
            .is_empty()
    );
    sim.state().clear_faults();
    let key = ctx.redis.keys().company("token_backoff", COMPANY);
    let mut conn = ctx.redis.connection().await.unwrap();
    ::redis::cmd("DEL")
        .arg(&key)
        .query_async::<()>(&mut conn)
        .await
        .unwrap();
    assert!(
        get_token(&actors[0]).await.is_ok(),
        "the pause over, /auth is tried again"
    );
    assert_eq!(auth_calls(&sim), 2);
}
