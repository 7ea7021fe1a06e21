//! The queue's statements are prepared once per connection and kept (`cached_sql`), where
//! `diesel::sql_query` would parse them again on every call and close them after.

use std::time::Duration;

use chrono::Utc;
use diesel::QueryableByName;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use dinamize_sync::sync::queue;

use super::support::{insert_lead, sync_app};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[actix_web::test]
async fn a_claim_is_prepared_once_and_kept_on_its_connection() {
    let app = sync_app(|env| env.with("SYNC_ENABLED", "false")).await;
    let db = &app.state.db;
    for n in 0..2 {
        insert_lead(db, 1, &format!("prepared{n}@example.com"), "Prepared").await;
    }
    let mut conn = db.get().await.unwrap();
    for _ in 0..2 {
        queue::claim(&mut conn, 1, Utc::now(), Duration::from_secs(60))
            .await
            .unwrap()
            .expect("a job to claim");
    }
    let kept: Vec<Count> = diesel::sql_query(
        "SELECT count(*) AS n FROM pg_prepared_statements \
         WHERE statement LIKE '%FOR UPDATE SKIP LOCKED%' AND statement NOT LIKE '%pg_prepared%'",
    )
    .load(&mut conn)
    .await
    .unwrap();
    assert_eq!(
        kept[0].n, 1,
        "the claim was not kept prepared, or prepared twice"
    );
}
