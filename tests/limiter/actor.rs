//! The actor: per-company limits from the accounts table, the default, blocks.

use std::time::Duration;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use dinamize_sync::actors::rate_limiter::{Acquire, Block, RateLimiterActor};
use dinamize_sync::db::companies::{DEFAULT_COMPANY_ID, ensure_default};
use dinamize_sync::db::schema::crm_dinamize_accounts as a;
use dinamize_sync::limiter::{Decision, Lane};

use super::common::TestContext;

#[actix_web::test]
async fn the_actor_limits_each_company_by_its_account_and_blocks_on_request() {
    let ctx = TestContext::with_env(|env| env.with("DINAMIZE_RATE_LIMIT_PER_MINUTE", "4")).await;
    ensure_default(&ctx.db).await.unwrap();
    let mut conn = ctx.db.get().await.unwrap();
    diesel::insert_into(a::table)
        .values((
            a::company_id.eq(DEFAULT_COMPANY_ID),
            a::api_user.eq("user@example.com"),
            a::password_encrypted.eq("not read by the limiter"),
            a::client_code.eq("300001"),
            a::requests_per_minute.eq(2),
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    let actor = RateLimiterActor::from_config(&ctx.config, ctx.redis.clone(), ctx.db.clone());
    let health = actor.health();
    let addr = actor.start_supervised();
    let ask = |company_id| {
        addr.send(Acquire {
            company_id,
            lane: Lane::Interactive,
        })
    };

    let account: Vec<Decision> = vec![
        ask(1).await.unwrap(),
        ask(1).await.unwrap(),
        ask(1).await.unwrap(),
    ];
    assert_eq!(&account[..2], &[Decision::Permit, Decision::Permit]);
    assert!(
        !account[2].is_permit(),
        "the account's limit of 2 was ignored"
    );
    let mut without_account = 0;
    for _ in 0..6 {
        without_account += usize::from(ask(77).await.unwrap().is_permit());
    }
    assert_eq!(
        without_account, 4,
        "a company without an account gets the default limit"
    );

    let retry_after = Duration::from_secs(30);
    addr.send(Block {
        company_id: 78,
        retry_after,
    })
    .await
    .unwrap();
    let Decision::RetryIn(wait) = ask(78).await.unwrap() else {
        panic!("a blocked company got a permit");
    };
    assert!(
        wait > Duration::from_secs(29) && wait <= retry_after,
        "{wait:?}"
    );
    assert!(!health.is_degraded());
}
