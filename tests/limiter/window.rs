//! The window itself: the limit across instances, the exact wait, the lanes, the block.

use std::time::{Duration, Instant};

use dinamize_sync::limiter::lease::Ahead;
use dinamize_sync::limiter::script::{self, ScriptAnswer};
use dinamize_sync::limiter::{Decision, Lane, Limiter};

use super::common::TestContext;
use super::{acquire_waiting, instance, max_in_any_window, settings};

#[actix_web::test]
async fn concurrent_callers_on_three_instances_never_exceed_the_limit_in_any_window() {
    let ctx = TestContext::new().await;
    // The times are taken when each caller sees its permit; the guard covers that delay, which
    // on a loaded 2-core machine running the whole suite reaches tens of milliseconds.
    let s = settings(&ctx.key_prefix, 500, 100, 0);
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
async fn callers_racing_on_three_connections_for_fifteen_slots_get_exactly_fifteen() {
    let ctx = TestContext::new().await;
    let s = settings(&ctx.key_prefix, 60_000, 0, 0);
    let instances: Vec<Limiter> = (0..3).map(|_| instance(&ctx, &s)).collect();
    let tasks: Vec<_> = (0..30)
        .map(|caller| {
            let limiter = instances[caller % 3].clone();
            tokio::spawn(async move {
                let mut permits = 0;
                for _ in 0..5 {
                    permits +=
                        usize::from(limiter.acquire(3, 15, Lane::Background).await.is_permit());
                }
                permits
            })
        })
        .collect();
    let mut permits = 0;
    for task in tasks {
        permits += task.await.expect("caller task");
    }
    assert_eq!(permits, 15, "150 racing requests for 15 slots");
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

#[actix_web::test]
async fn callers_sharing_one_round_trip_get_exactly_the_slots_of_their_lanes() {
    let ctx = TestContext::new().await;
    let limiter = instance(&ctx, &settings(&ctx.key_prefix, 60_000, 0, 4));
    // 30 callers at once on one instance: their decisions share round trips (one script call
    // decides many), yet background gets limit - reserve = 6 and interactive the other 4.
    let lanes = [Lane::Background, Lane::Interactive];
    let tasks: Vec<_> = (0..30)
        .map(|i| {
            let (limiter, lane) = (limiter.clone(), lanes[i % 2]);
            tokio::spawn(async move { (lane, limiter.acquire(3, 10, lane).await) })
        })
        .collect();
    let mut permits = [0, 0];
    for task in tasks {
        let (lane, decision) = task.await.unwrap();
        if decision.is_permit() {
            permits[usize::from(lane == Lane::Interactive)] += 1;
        }
    }
    assert_eq!(
        permits.iter().sum::<i32>(),
        10,
        "{permits:?}: exactly the limit"
    );
    assert!(
        permits[0] <= 6,
        "{permits:?}: background leaves the reserve"
    );
    assert_eq!(limiter.health().outages(), 0);
}

#[actix_web::test]
async fn one_round_answers_exactly_as_the_same_decisions_made_one_at_a_time() {
    let ctx = TestContext::new().await;
    let limiter = instance(&ctx, &settings(&ctx.key_prefix, 60_000, 0, 0));
    let params = limiter.params(5);
    let mut con = ctx.redis.connection().await.unwrap();
    let (batched, alone) = (limiter.keys(11), limiter.keys(12));
    for keys in [&batched, &alone] {
        script::decide_batch(&mut con, keys, &params, "old", &[0, 0], &Ahead::NONE)
            .await
            .unwrap();
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    // Reserve 3 caps a request at 2 of the 5: refusals fall between permits, and the 7th
    // request's wait is set by a permit of its own round (added before the script reads it).
    let reserves = [3, 0, 3, 3, 0, 0, 3, 0, 0];
    let none = Ahead::NONE;
    let round = script::decide_batch(&mut con, &batched, &params, "round", &reserves, &none)
        .await
        .unwrap()
        .answers;
    let mut one_by_one = Vec::new();
    for (i, reserve) in reserves.iter().enumerate() {
        let token = format!("alone-{i}");
        let reserve = [*reserve];
        let answer = script::decide_batch(&mut con, &alone, &params, &token, &reserve, &none);
        one_by_one.extend(answer.await.unwrap().answers);
    }
    let ms = |answer: &ScriptAnswer| match answer {
        ScriptAnswer::Allowed => None,
        ScriptAnswer::Limited(wait) | ScriptAnswer::Blocked(wait) => Some(wait.as_millis()),
    };
    let permits: Vec<bool> = round.iter().map(|a| *a == ScriptAnswer::Allowed).collect();
    assert_eq!(
        permits,
        [false, true, false, false, true, true, false, false, false]
    );
    for (i, (together, apart)) in round.iter().zip(&one_by_one).enumerate() {
        let (together, apart) = (ms(together), ms(apart));
        assert_eq!(together.is_none(), apart.is_none(), "request {i}");
        let diff = together.unwrap_or(0).abs_diff(apart.unwrap_or(0));
        assert!(diff <= 20, "request {i}: {together:?} ms vs {apart:?} ms");
    }
    assert!(
        ms(&round[6]).unwrap() > 59_990,
        "set by this round's own permit"
    );
    assert!(ms(&round[0]).unwrap() < 59_960, "set by an older permit");
    for keys in [&batched, &alone] {
        let count: u64 = ::redis::cmd("ZCARD")
            .arg(&keys.window)
            .query_async(&mut con)
            .await
            .unwrap();
        assert_eq!(count, 5, "one member per permit");
    }
}
