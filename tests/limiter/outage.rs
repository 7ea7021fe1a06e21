//! Fail-open: a Redis the test owns is stopped (decisions from memory, blocks still hold) and
//! started again, empty (decisions back in Redis, which learns what memory granted).

use std::time::{Duration, Instant};

use dinamize_sync::limiter::{Lane, Limiter, connect};

use super::common::{OwnRedis, free_port};
use super::settings;

#[actix_web::test]
async fn a_redis_outage_falls_back_to_memory_and_hands_its_permits_to_redis_when_it_returns() {
    let mut redis = OwnRedis::start(free_port());
    redis.wait_ready().await;
    let connector = connect::from_url(&redis.url()).unwrap();
    let limiter = Limiter::new(settings("test-limiter:", 60_000, 0, 0), connector);
    let health = limiter.health();
    assert!(limiter.acquire(1, 5, Lane::Interactive).await.is_permit());
    assert!(limiter.acquire(1, 5, Lane::Interactive).await.is_permit());
    assert!(!health.is_degraded());

    redis.stop();
    let mut permits = 0;
    for _ in 0..10 {
        permits += usize::from(limiter.acquire(1, 5, Lane::Interactive).await.is_permit());
    }
    assert!(
        health.is_degraded(),
        "Redis is down but health is not degraded"
    );
    assert_eq!(
        permits, 3,
        "memory must keep the 2 permits Redis gave and allow 3 more"
    );
    limiter.block(4, Duration::from_secs(30)).await;
    assert!(!limiter.acquire(4, 5, Lane::Interactive).await.is_permit());

    let redis = OwnRedis::start(redis.port);
    redis.wait_ready().await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while health.is_degraded() {
        assert!(
            Instant::now() < deadline,
            "the limiter never went back to Redis"
        );
        limiter.acquire(3, 5, Lane::Interactive).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(health.outages(), 1);
    let client = ::redis::Client::open(redis.url()).unwrap();
    let mut con = client.get_multiplexed_async_connection().await.unwrap();
    assert!(limiter.acquire(5, 5, Lane::Interactive).await.is_permit());
    assert_eq!(
        zcard(&mut con, &limiter.keys(5).window).await,
        1,
        "not decided in Redis"
    );

    // The restarted Redis lost everything; the instance copied what it granted from memory.
    assert_eq!(zcard(&mut con, &limiter.keys(1).window).await, 3);
    let block_ms: i64 = ::redis::cmd("PTTL")
        .arg(limiter.keys(4).block)
        .query_async(&mut con)
        .await
        .unwrap();
    assert!(
        block_ms > 25_000,
        "the block was not copied ({block_ms} ms)"
    );
    let other = Limiter::new(
        settings("test-limiter:", 60_000, 0, 0),
        connect::from_url(&redis.url()).unwrap(),
    );
    let mut granted = 0;
    for _ in 0..5 {
        granted += usize::from(other.acquire(1, 5, Lane::Interactive).await.is_permit());
    }
    assert_eq!(
        granted, 2,
        "another instance must count the 3 permits granted from memory"
    );
}

async fn zcard(con: &mut ::redis::aio::MultiplexedConnection, key: &str) -> i64 {
    ::redis::cmd("ZCARD")
        .arg(key)
        .query_async(con)
        .await
        .unwrap()
}
