//! The distributed rate limiter against real Redis: the limit holds across instances and
//! connections, blocks reach every instance, lanes keep the reserve, and a Redis outage falls
//! back to memory and recovers.

mod common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use dinamize_sync::actors::rate_limiter::{Acquire, Block, RateLimiterActor};
use dinamize_sync::db::companies::{DEFAULT_COMPANY_ID, ensure_default};
use dinamize_sync::db::schema::crm_dinamize_accounts as a;
use dinamize_sync::limiter::{Connector, Decision, Lane, Limiter, LimiterSettings, connect};

use common::TestContext;

fn settings(prefix: &str, window_ms: u64, guard_ms: u64, reserve: u32) -> LimiterSettings {
    LimiterSettings {
        window: Duration::from_millis(window_ms),
        guard: Duration::from_millis(guard_ms),
        background_reserve: reserve,
        key_prefix: prefix.to_owned(),
    }
}

/// One "instance" of the service: a limiter on its own Redis connection.
fn instance(ctx: &TestContext, settings: &LimiterSettings) -> Limiter {
    let redis = ctx.redis.clone();
    let connector: Connector = Arc::new(move || {
        let redis = redis.clone();
        Box::pin(async move { redis.dedicated_connection().await })
    });
    Limiter::new(settings.clone(), connector)
}

/// Most permits in any half-open window `[t, t + window)` starting at a permit.
fn max_in_any_window(times: &mut [Instant], window: Duration) -> usize {
    times.sort();
    (0..times.len())
        .map(|i| {
            times[i..]
                .iter()
                .take_while(|t| **t < times[i] + window)
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// Asks until a permit comes, obeying each `RetryIn`; returns when the permit was received.
async fn acquire_waiting(limiter: &Limiter, company: i64, limit: u32, lane: Lane) -> Instant {
    loop {
        match limiter.acquire(company, limit, lane).await {
            Decision::Permit => return Instant::now(),
            Decision::RetryIn(wait) => tokio::time::sleep(wait).await,
        }
    }
}

#[actix_web::test]
async fn concurrent_callers_on_three_instances_never_exceed_the_limit_in_any_window() {
    let ctx = TestContext::new().await;
    let s = settings(&ctx.key_prefix, 500, 20, 0);
    let instances: Vec<Limiter> = (0..3).map(|_| instance(&ctx, &s)).collect();
    let mut tasks = Vec::new();
    for caller in 0..12 {
        let limiter = instances[caller % 3].clone();
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            for _ in 0..6 {
                times.push(acquire_waiting(&limiter, 1, 15, Lane::Background).await);
            }
            times
        }));
    }
    let mut times = Vec::new();
    for task in tasks {
        times.extend(task.await.expect("caller task"));
    }
    assert_eq!(times.len(), 72);
    let busiest = max_in_any_window(&mut times, Duration::from_millis(500));
    assert!(
        busiest <= 15,
        "{busiest} permits in one 500 ms window (limit 15)"
    );
    assert!(
        busiest >= 10,
        "the window was never used near its limit ({busiest})"
    );
}

#[actix_web::test]
async fn the_script_answers_the_exact_wait_until_the_oldest_permit_leaves_the_window() {
    let ctx = TestContext::new().await;
    let limiter = instance(&ctx, &settings(&ctx.key_prefix, 1000, 0, 0));
    for _ in 0..3 {
        assert_eq!(
            limiter.acquire(5, 3, Lane::Interactive).await,
            Decision::Permit
        );
    }
    let Decision::RetryIn(wait) = limiter.acquire(5, 3, Lane::Interactive).await else {
        panic!("a fourth permit in the window");
    };
    assert!(
        wait > Duration::from_millis(800) && wait <= Duration::from_millis(1000),
        "{wait:?}"
    );
    let mut con = ctx.redis.connection().await.unwrap();
    let ttl: i64 = ::redis::cmd("PTTL")
        .arg(limiter.keys(5).window)
        .query_async(&mut con)
        .await
        .unwrap();
    assert!(ttl > 0, "the window key has no expiry ({ttl})");
}

#[actix_web::test]
async fn a_blocked_company_gets_retry_in_on_every_instance_until_the_block_ends() {
    let ctx = TestContext::new().await;
    let s = settings(&ctx.key_prefix, 60_000, 0, 0);
    let (first, second) = (instance(&ctx, &s), instance(&ctx, &s));
    let started = Instant::now();
    first.block(9, Duration::from_millis(800)).await;
    let Decision::RetryIn(wait) = second.acquire(9, 60, Lane::Interactive).await else {
        panic!("the second instance ignored the block");
    };
    assert!(
        wait <= Duration::from_millis(800) && wait > Duration::from_millis(500),
        "{wait:?}"
    );
    assert_eq!(
        second.acquire(10, 60, Lane::Interactive).await,
        Decision::Permit
    );
    let deadline = started + Duration::from_secs(5);
    while !second.acquire(9, 60, Lane::Interactive).await.is_permit() {
        assert!(Instant::now() < deadline, "the block never ended");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(started.elapsed() >= Duration::from_millis(780));
}

#[actix_web::test]
async fn background_jobs_cannot_take_the_reserved_slots_but_interactive_calls_can() {
    let ctx = TestContext::new().await;
    let limiter = instance(&ctx, &settings(&ctx.key_prefix, 60_000, 0, 3));
    for _ in 0..7 {
        assert!(limiter.acquire(2, 10, Lane::Background).await.is_permit());
    }
    assert!(!limiter.acquire(2, 10, Lane::Background).await.is_permit());
    for _ in 0..3 {
        assert!(limiter.acquire(2, 10, Lane::Interactive).await.is_permit());
    }
    assert!(!limiter.acquire(2, 10, Lane::Interactive).await.is_permit());
    assert!(!limiter.acquire(2, 10, Lane::Background).await.is_permit());
}

/// A `redis-server` owned by one test, on a port nobody else uses.
struct OwnRedis {
    port: u16,
    child: Child,
}

impl OwnRedis {
    fn start(port: u16) -> Self {
        let child = Command::new("redis-server")
            .args([
                "--port",
                &port.to_string(),
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server on PATH");
        Self { port, child }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    async fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let client = ::redis::Client::open(self.url()).unwrap();
        loop {
            if let Ok(mut con) = client.get_multiplexed_async_connection().await {
                let pong: ::redis::RedisResult<String> =
                    ::redis::cmd("PING").query_async(&mut con).await;
                if pong.is_ok() {
                    return;
                }
            }
            assert!(Instant::now() < deadline, "redis-server did not start");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[actix_web::test]
async fn a_redis_outage_falls_back_to_memory_then_recovers_when_redis_returns() {
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
    let count: i64 = ::redis::cmd("ZCARD")
        .arg(limiter.keys(3).window)
        .query_async(&mut con)
        .await
        .unwrap();
    assert_eq!(
        count, 1,
        "the decision after recovery was not made in Redis"
    );
}

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
