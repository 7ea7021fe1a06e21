//! The token flow (issue 4): Redis → PostgreSQL → `/auth`, single flight across instances,
//! misconfigured accounts, expiry, Redis outage, and secrets never stored or logged in clear.

mod common;

#[path = "tokens/support.rs"]
mod support;

#[path = "tokens/accounts.rs"]
mod accounts;
#[path = "tokens/flight.rs"]
mod flight;
#[path = "tokens/secrets.rs"]
mod secrets;

use dinamize_sync::actors::token::{Invalidate, SetCredentials, Used};
use dinamize_sync::dinamize::DinamizeError;
use dinamize_sync::redis::RedisHandle;
use dinamize_sync::tokens::{TokenError, pg_store, redis_store};
use support::*;

#[actix_web::test]
async fn a_token_is_obtained_once_then_served_from_the_cache_and_works() {
    let ctx = context().await;
    let sim = simulator().await;
    set_account(&ctx, SIM_PASSWORD).await;
    let (_, actor) = instance(&ctx.config, &sim);
    let first = get_token(&actor).await.unwrap();
    let second = get_token(&actor).await.unwrap();
    assert_eq!(first, second);
    assert_eq!(auth_calls(&sim), 1);
    use_token(&sim, &first)
        .await
        .expect("the token is accepted by Dinamize");
    let row = pg_store::active(&ctx.db, COMPANY).await.unwrap().unwrap();
    assert!(row.token_encrypted.starts_with("v1:k1:"));
}

#[actix_web::test]
async fn a_credentials_error_marks_the_account_misconfigured_and_is_not_retried() {
    let ctx = context().await;
    let sim = simulator().await;
    set_account(&ctx, "wrong-password").await;
    let (_, actor) = instance(&ctx.config, &sim);
    for _ in 0..3 {
        match get_token(&actor).await {
            Err(TokenError::Misconfigured { reason }) => {
                assert!(reason.contains("240004"), "{reason}")
            }
            other => panic!("expected Misconfigured, got {other:?}"),
        }
    }
    assert_eq!(auth_calls(&sim), 1, "the refused login is not retried");
    let listed = dinamize_sync::accounts::list_misconfigured(&ctx.db)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].company_id, COMPANY);
    let credentials = dinamize_sync::accounts::Credentials {
        api_user: SIM_USER.into(),
        password: dinamize_sync::config::Secret::new(SIM_PASSWORD.into()),
        client_code: SIM_CLIENT_CODE.into(),
        default_list_code: None,
        requests_per_minute: None,
    };
    let set = SetCredentials {
        company_id: COMPANY,
        credentials,
    };
    actor.send(set).await.unwrap().unwrap();
    assert!(
        get_token(&actor).await.is_ok(),
        "new credentials clear the mark"
    );
    assert_eq!(auth_calls(&sim), 2);
    assert!(
        dinamize_sync::accounts::list_misconfigured(&ctx.db)
            .await
            .unwrap()
            .is_empty()
    );
}

#[actix_web::test]
async fn an_expired_token_is_invalidated_everywhere_and_the_next_call_reauthenticates() {
    let ctx = context().await;
    let sim = simulator().await;
    set_account(&ctx, SIM_PASSWORD).await;
    let (_, first) = instance(&ctx.config, &sim);
    let (_, second) = instance(&ctx.config, &sim);
    let old = get_token(&first).await.unwrap();
    assert_eq!(get_token(&second).await.unwrap(), old);
    sim.state().expire_tokens();
    let answer = use_token(&sim, &old).await;
    assert!(
        matches!(answer, Err(DinamizeError::ExpiredToken { .. })),
        "{answer:?}"
    );
    first
        .send(Invalidate {
            company_id: COMPANY,
        })
        .await
        .unwrap();
    let new = get_token(&second).await.unwrap();
    assert_ne!(
        new, old,
        "the other instance does not serve the invalidated token"
    );
    assert_eq!(auth_calls(&sim), 2);
    use_token(&sim, &new).await.expect("the new token works");
    assert_eq!(get_token(&first).await.unwrap(), new);
}

#[actix_web::test]
async fn with_redis_down_the_postgres_path_still_serves_a_valid_token() {
    let ctx = context().await;
    let sim = simulator().await;
    set_account(&ctx, SIM_PASSWORD).await;
    let (_, healthy) = instance(&ctx.config, &sim);
    let token = get_token(&healthy).await.unwrap();
    let mut closed = ctx.config.redis.clone();
    closed.port = 1;
    let (_, cut_off) = instance_with_redis(&ctx.config, &sim, RedisHandle::new(&closed).unwrap());
    assert_eq!(
        get_token(&cut_off).await.unwrap(),
        token,
        "served from PostgreSQL"
    );
    assert_eq!(auth_calls(&sim), 1);
    // With no stored token either, /auth still works under the in-process lock.
    cut_off
        .send(Invalidate {
            company_id: COMPANY,
        })
        .await
        .unwrap();
    let renewed = get_token(&cut_off).await.unwrap();
    assert_ne!(renewed, token);
    use_token(&sim, &renewed)
        .await
        .expect("the token obtained without Redis works");
    assert_eq!(get_token(&cut_off).await.unwrap(), renewed);
}

#[actix_web::test]
async fn a_hand_out_leaves_the_idle_clock_and_a_sent_request_moves_it_in_redis_only() {
    let ctx = context().await;
    let sim = simulator().await;
    set_account(&ctx, SIM_PASSWORD).await;
    let (_, actor) = instance(&ctx.config, &sim);
    get_token(&actor).await.unwrap();
    let stored = pg_store::active(&ctx.db, COMPANY).await.unwrap().unwrap();
    let key = ctx.redis.keys().company("token", COMPANY);
    let mut conn = ctx.redis.connection().await.unwrap();
    get_token(&actor).await.unwrap();
    let handed_out = redis_store::read(&mut conn, &key).await.unwrap().unwrap();
    assert_eq!(
        handed_out.cached.last_used_at, stored.last_used_at,
        "handing a token out is not a use"
    );
    actor
        .send(Used {
            company_id: COMPANY,
        })
        .await
        .unwrap();
    let entry = redis_store::read(&mut conn, &key).await.unwrap().unwrap();
    assert!(
        entry.cached.last_used_at > stored.last_used_at,
        "Redis holds the later use"
    );
    assert_eq!(entry.cached.persisted_used_at, stored.last_used_at);
    let after = pg_store::active(&ctx.db, COMPANY).await.unwrap().unwrap();
    assert_eq!(
        after.last_used_at, stored.last_used_at,
        "no PostgreSQL write per use"
    );
}

#[actix_web::test]
async fn the_supervisor_restarts_a_stopped_token_actor() {
    let ctx = context().await;
    let sim = simulator().await;
    set_account(&ctx, SIM_PASSWORD).await;
    let (_, actor) = instance(&ctx.config, &sim);
    let token = get_token(&actor).await.unwrap();
    actor
        .send(dinamize_sync::actors::token::Restart)
        .await
        .unwrap();
    assert_eq!(
        get_token(&actor).await.unwrap(),
        token,
        "the same address answers again"
    );
    assert!(
        captured_logs()
            .iter()
            .any(|l| l.contains("TokenActor restarting"))
    );
}

/// Moves the stored token's clock back by `obtained_ago` / `used_ago` minutes, in PostgreSQL
/// and in Redis, as if that much time had passed.
async fn age_token(ctx: &common::TestContext, obtained_ago: i64, used_ago: i64) {
    use chrono::{TimeDelta, Utc};
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use dinamize_sync::db::schema::crm_auth_tokens as t;
    let obtained = Utc::now() - TimeDelta::minutes(obtained_ago);
    let used = Utc::now() - TimeDelta::minutes(used_ago);
    let mut conn = ctx.db.get().await.unwrap();
    diesel::update(t::table.filter(t::active))
        .set((t::obtained_at.eq(obtained), t::last_used_at.eq(used)))
        .execute(&mut conn)
        .await
        .unwrap();
    let key = ctx.redis.keys().company("token", COMPANY);
    let mut redis = ctx.redis.connection().await.unwrap();
    let entry = redis_store::read(&mut redis, &key).await.unwrap().unwrap();
    let cached = redis_store::CachedToken {
        obtained_at: obtained,
        last_used_at: used,
        persisted_used_at: used,
        ..entry.cached
    };
    let ttl = std::time::Duration::from_secs(60);
    assert!(
        redis_store::put(&mut redis, &key, entry.row_id, &cached, ttl)
            .await
            .unwrap()
    );
}

#[actix_web::test]
async fn a_token_is_renewed_before_its_idle_expiry_and_before_its_max_age() {
    let ctx = context().await;
    let sim = simulator().await;
    set_account(&ctx, SIM_PASSWORD).await;
    let (_, actor) = instance(&ctx.config, &sim);
    let first = get_token(&actor).await.unwrap();
    age_token(&ctx, 50, 50).await;
    assert_eq!(
        get_token(&actor).await.unwrap(),
        first,
        "10 minutes of idle life left: kept"
    );
    age_token(&ctx, 56, 56).await;
    let second = get_token(&actor).await.unwrap();
    assert_ne!(
        second, first,
        "within 5 minutes of the idle expiry: renewed"
    );
    age_token(&ctx, 24 * 60 - 4, 0).await;
    let third = get_token(&actor).await.unwrap();
    assert_ne!(
        third, second,
        "within 5 minutes of the max age, though in use: renewed"
    );
    assert_eq!(auth_calls(&sim), 3);
}

#[actix_web::test]
async fn the_redis_copy_never_goes_back_to_an_older_or_revoked_row() {
    let ctx = context().await;
    let key = ctx.redis.keys().company("token", COMPANY);
    let mut conn = ctx.redis.connection().await.unwrap();
    let now = chrono::Utc::now();
    let cached = redis_store::CachedToken {
        token: "v1:k1:AAAA".into(),
        obtained_at: now,
        last_used_at: now,
        persisted_used_at: now,
    };
    let ttl = std::time::Duration::from_secs(60);
    assert!(
        redis_store::put(&mut conn, &key, 5, &cached, ttl)
            .await
            .unwrap()
    );
    assert!(
        !redis_store::put(&mut conn, &key, 4, &cached, ttl)
            .await
            .unwrap(),
        "older row"
    );
    redis_store::revoke(&mut conn, &key, Some(5)).await.unwrap();
    assert!(redis_store::read(&mut conn, &key).await.unwrap().is_none());
    assert!(
        !redis_store::put(&mut conn, &key, 5, &cached, ttl)
            .await
            .unwrap(),
        "revoked row"
    );
    assert!(
        redis_store::put(&mut conn, &key, 6, &cached, ttl)
            .await
            .unwrap(),
        "newer row"
    );
    assert_eq!(
        redis_store::read(&mut conn, &key)
            .await
            .unwrap()
            .unwrap()
            .row_id,
        6
    );
}
