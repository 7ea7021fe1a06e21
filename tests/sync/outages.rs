//! Outages lose nothing: the queue is in PostgreSQL, so a Redis outage or flush loses no job,
//! and a PostgreSQL restart only pauses the workers, which resume by themselves.

use std::time::Duration;

use dinamize_sync::config::{Config, Env};
use dinamize_sync::startup::prepare_database;

use super::common::{OwnPostgres, OwnRedis, TestApp, free_port, spawn_app_with};
use super::support::*;

/// A service on a Redis this test owns (and may stop or flush).
async fn on_own_redis() -> (OwnRedis, TestApp) {
    let redis = OwnRedis::start(free_port());
    redis.wait_ready().await;
    let port = redis.port.to_string();
    let app = spawn_app_with(|env| fast(env).with("REDIS_PORT", &port)).await;
    app.sim()
        .state()
        .set_rate_limit(600, Duration::from_secs(1));
    (redis, app)
}

#[actix_web::test]
async fn a_lead_written_while_redis_is_down_is_synced() {
    let (mut redis, app) = on_own_redis().await;
    let db = &app.state.db;
    insert_lead(db, 1, "first@example.com", "First").await;
    drained(db, 20).await;

    redis.stop();
    let id = insert_lead(db, 1, "down@example.com", "Down").await;
    let redis = OwnRedis::start(redis.port);
    redis.wait_ready().await;
    drained(db, 30).await;
    assert_eq!(sync_row(db, id).await.status, "synced");
    assert_eq!(contacts(&app).len(), 2);
}

#[actix_web::test]
async fn a_redis_flush_in_the_middle_of_a_burst_loses_nothing() {
    let (redis, app) = on_own_redis().await;
    let db = &app.state.db;
    insert_leads(db, "flush", 60).await;
    until_jobs(db, "completed", 5, 20).await;
    let client = ::redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let _: () = ::redis::cmd("FLUSHALL")
        .query_async(&mut conn)
        .await
        .unwrap();
    drained(db, 40).await;
    assert_eq!(contacts(&app).len(), 60, "every lead, once");
}

#[actix_web::test]
async fn a_postgres_restart_in_the_middle_of_a_burst_loses_nothing_and_workers_resume() {
    let pg = OwnPostgres::start();
    let url = pg.url("dsync");
    let env_of = |env: Env| fast(env).with("DATABASE_URL", &url);
    let config = Config::from_vars(&env_of(Env::default())).unwrap();
    prepare_database(&config)
        .await
        .expect("the own cluster is migrated");
    let app = spawn_app_with(env_of).await;
    app.sim()
        .state()
        .set_rate_limit(600, Duration::from_secs(1));
    let db = &app.state.db;
    insert_leads(db, "pg", 40).await;
    until_jobs(db, "completed", 3, 20).await;
    pg.restart();
    // Pooled connections broke with the restart: ask until the pool has fresh ones.
    wait_for("every lead synced after the restart", 60, || async {
        live_jobs_or_error(db).await == Some(0)
    })
    .await;
    assert_eq!(contacts(&app).len(), 40, "every lead, once");
}

/// Queued or running jobs, or `None` while PostgreSQL does not answer.
async fn live_jobs_or_error(db: &dinamize_sync::db::DbPool) -> Option<i64> {
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = db.get().await.ok()?;
    let rows: Vec<N> = diesel::sql_query(
        "SELECT count(*) AS n FROM crm_sync_queue WHERE status IN ('queued', 'processing')",
    )
    .load(&mut conn)
    .await
    .ok()?;
    rows.into_iter().next().map(|r| r.n)
}
