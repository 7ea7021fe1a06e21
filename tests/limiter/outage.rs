//! Fail-open: a Redis the test owns is stopped and started again.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dinamize_sync::limiter::{Lane, Limiter, connect};

use super::settings;

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
