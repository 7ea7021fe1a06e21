//! Secrets at rest and in logs: after a full token life (account stored, token obtained,
//! used from two instances, invalidated, renewed) no token or password is readable in any text
//! column of any table, in any Redis key of the test, or in any log line; nor is the key.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text};
use diesel_async::RunQueryDsl;
use dinamize_sync::actors::token::Invalidate;

use crate::common::TestContext;
use crate::support::*;

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Every `table.column` of a text-like type whose value contains `needle`.
async fn postgres_hits(ctx: &TestContext, needle: &str) -> Vec<String> {
    let mut conn = ctx.db.get().await.unwrap();
    let columns: Vec<Column> = diesel::sql_query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name
         FROM information_schema.columns
         WHERE table_schema = current_schema()
           AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')",
    )
    .load(&mut conn)
    .await
    .unwrap();
    assert!(
        columns.iter().any(|c| c.column_name == "token_encrypted"),
        "the scan sees the token column"
    );
    let mut hits = Vec::new();
    for column in columns {
        let query = format!(
            "SELECT count(*) AS n FROM \"{}\" WHERE \"{}\"::text LIKE '%' || $1 || '%'",
            column.table_name, column.column_name
        );
        let count: Count = diesel::sql_query(query)
            .bind::<Text, _>(needle)
            .get_result(&mut conn)
            .await
            .unwrap();
        if count.n > 0 {
            hits.push(format!("{}.{}", column.table_name, column.column_name));
        }
    }
    hits
}

/// Every value stored under the test's key prefix, whatever its type.
async fn redis_values(ctx: &TestContext) -> Vec<(String, String)> {
    let mut conn = ctx.redis.connection().await.unwrap();
    let keys: Vec<String> = ::redis::cmd("KEYS")
        .arg(format!("{}*", ctx.key_prefix))
        .query_async(&mut conn)
        .await
        .unwrap();
    let mut values = Vec::new();
    for key in keys {
        let kind: String = ::redis::cmd("TYPE")
            .arg(&key)
            .query_async(&mut conn)
            .await
            .unwrap();
        let command = match kind.as_str() {
            "string" => ::redis::cmd("GET").arg(&key).clone(),
            "hash" => ::redis::cmd("HGETALL").arg(&key).clone(),
            "list" => ::redis::cmd("LRANGE").arg(&key).arg(0).arg(-1).clone(),
            "set" => ::redis::cmd("SMEMBERS").arg(&key).clone(),
            "zset" => ::redis::cmd("ZRANGE").arg(&key).arg(0).arg(-1).clone(),
            other => panic!("unexpected Redis type {other} at {key}"),
        };
        let parts: Vec<String> = match kind.as_str() {
            "string" => vec![command.query_async::<String>(&mut conn).await.unwrap()],
            _ => command.query_async(&mut conn).await.unwrap(),
        };
        values.push((key, parts.join(" ")));
    }
    values
}

#[actix_web::test]
async fn no_plaintext_token_or_password_is_stored_in_postgres_or_redis() {
    let ctx = context().await;
    let sim = simulator().await;
    set_account(&ctx, SIM_PASSWORD).await;
    let (_, first) = instance(&ctx.config, &sim);
    let (_, second) = instance(&ctx.config, &sim);
    let old = get_token(&first).await.unwrap();
    get_token(&second).await.unwrap();
    first
        .send(Invalidate {
            company_id: COMPANY,
        })
        .await
        .unwrap();
    let new = get_token(&second).await.unwrap();
    assert_ne!(old, new);
    let values = redis_values(&ctx).await;
    assert!(
        values.iter().any(|(key, _)| key.contains("token:")),
        "the scan sees the cached token"
    );
    for secret in [old.as_str(), new.as_str(), SIM_PASSWORD] {
        assert_eq!(
            postgres_hits(&ctx, secret).await,
            Vec::<String>::new(),
            "PostgreSQL holds a secret in clear"
        );
        for (key, value) in &values {
            assert!(
                !value.contains(secret),
                "Redis key {key} holds a secret in clear"
            );
        }
    }
}

#[actix_web::test]
async fn no_token_password_or_key_appears_in_the_logs() {
    let ctx = context().await;
    let sim = simulator().await;
    set_account(&ctx, "wrong-password-xyz").await;
    let (_, actor) = instance(&ctx.config, &sim);
    assert!(get_token(&actor).await.is_err());
    set_account(&ctx, SIM_PASSWORD).await;
    let token = get_token(&actor).await.unwrap();
    actor
        .send(Invalidate {
            company_id: COMPANY,
        })
        .await
        .unwrap();
    let renewed = get_token(&actor).await.unwrap();
    log::info!("test config: {:?}", ctx.config);
    let logs = captured_logs();
    assert!(
        logs.iter().any(|l| l.contains("authenticating")),
        "the capture works: {logs:?}"
    );
    let key_raw = String::from_utf8_lossy(&KEY_BYTES).into_owned();
    let key_b64 = STANDARD.encode(KEY_BYTES);
    for secret in [
        &token,
        &renewed,
        SIM_PASSWORD,
        "wrong-password-xyz",
        &key_raw,
        &key_b64,
    ] {
        for line in &logs {
            assert!(!line.contains(secret), "a secret reached the log: {line}");
        }
    }
}
