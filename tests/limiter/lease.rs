//! Leased permits: a round asks for permits beyond its callers, they count in the shared window
//! from the grant (scored later, so they keep their slot a whole span after they may be handed
//! out), never past the cap they were asked under, and unused ones leave the window.

use std::time::{Duration, Instant};

use ::redis::aio::ConnectionLike;
use dinamize_sync::limiter::Lane;
use dinamize_sync::limiter::lease::{Ahead, Unused};
use dinamize_sync::limiter::script::{self, ScriptAnswer};

use super::common::TestContext;
use super::{instance, settings};

async fn members(con: &mut impl ConnectionLike, key: &str) -> Vec<(String, i64)> {
    ::redis::cmd("ZRANGE")
        .arg(key)
        .arg(0)
        .arg(-1)
        .arg("WITHSCORES")
        .query_async(con)
        .await
        .unwrap()
}

#[actix_web::test]
async fn a_round_leases_up_to_the_cap_it_names_scored_later_and_unused_ones_are_released() {
    let ctx = TestContext::new().await;
    let limiter = instance(&ctx, &settings(&ctx.key_prefix, 60_000, 0, 0));
    let (params, keys) = (limiter.params(10), limiter.keys(4));
    let mut con = ctx.redis.connection().await.unwrap();
    let ahead = Ahead {
        permits: 8,
        later: Duration::from_millis(20),
        up_to: 5,
    };
    let decided = script::decide_batch(&mut con, &keys, &params, "r1", &[0, 0], &ahead)
        .await
        .unwrap();
    assert_eq!(decided.answers, [ScriptAnswer::Allowed; 2]);
    assert_eq!(decided.leased, 3, "two permits, then three more up to 5");
    let window = members(&mut con, &keys.window).await;
    assert_eq!(window.len(), 5);
    let granted = window.iter().find(|(m, _)| !m.starts_with("L-")).unwrap().1;
    for (member, score) in window.iter().filter(|(m, _)| m.starts_with("L-r1-")) {
        assert_eq!(
            *score - granted,
            20_000,
            "{member} scored 20 ms (in µs) later"
        );
    }

    let full = script::decide_batch(&mut con, &keys, &params, "r2", &[0; 6], &ahead)
        .await
        .unwrap();
    let permits = full.answers.iter().filter(|a| **a == ScriptAnswer::Allowed);
    assert_eq!(permits.count(), 5, "leased permits count against the limit");
    assert_eq!(full.leased, 0, "nothing leased above the cap");

    let unused = Unused {
        token: "r1".into(),
        range: 1..3,
    };
    script::release(&mut con, &keys, &unused).await.unwrap();
    let left = members(&mut con, &keys.window).await;
    let leased: Vec<&str> = left
        .iter()
        .map(|(m, _)| m.as_str())
        .filter(|m| m.starts_with("L-"))
        .collect();
    assert_eq!(
        leased,
        ["L-r1-1"],
        "the first was handed out, the other two released"
    );
}

#[actix_web::test]
async fn a_crowd_of_callers_is_served_from_leases_and_what_they_leave_unused_frees_its_slots() {
    let ctx = TestContext::new().await;
    let limiter = instance(&ctx, &settings(&ctx.key_prefix, 60_000, 0, 0));
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let limiter = limiter.clone();
            tokio::spawn(async move {
                let mut permits = 0;
                for _ in 0..50 {
                    permits += usize::from(
                        limiter
                            .acquire(6, 100_000, Lane::Background)
                            .await
                            .is_permit(),
                    );
                }
                permits
            })
        })
        .collect();
    let mut permits = 0;
    for task in tasks {
        permits += task.await.unwrap();
    }
    assert_eq!(permits, 400, "all allowed");
    let key = limiter.keys(6).window;
    let mut con = ctx.redis.connection().await.unwrap();
    let window = members(&mut con, &key).await;
    let leased = window.iter().filter(|(m, _)| m.starts_with("L-")).count();
    assert!(
        leased > 0,
        "8 concurrent callers never used a leased permit"
    );
    // Once the last lease ends, the window holds exactly the permits handed out.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let now_in_window = members(&mut con, &key).await.len();
        if now_in_window == permits {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{now_in_window} in the window for {permits} permits: unused leases never released"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
