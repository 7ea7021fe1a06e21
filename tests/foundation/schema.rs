//! `src/db/schema.rs` against the migrated database: same tables, same columns, same types.

use std::collections::BTreeMap;

use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use dinamize_sync::db::schema::*;

use super::common::TestContext;

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    udt_name: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
}

/// `table -> [(column, "type" or "Nullable<type>")]` as PostgreSQL has them.
async fn database_columns(ctx: &TestContext) -> BTreeMap<String, Vec<(String, String)>> {
    let mut conn = ctx.db.get().await.unwrap();
    let rows: Vec<Column> = diesel::sql_query(
        "SELECT table_name::text, column_name::text, udt_name::text, is_nullable::text \
         FROM information_schema.columns WHERE table_schema = 'dinamize_sync' \
         AND table_name <> '__diesel_schema_migrations' ORDER BY table_name, ordinal_position",
    )
    .load(&mut conn)
    .await
    .unwrap();
    let mut tables: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for row in rows {
        let ty = diesel_type(&row.udt_name);
        let ty = if row.is_nullable == "YES" {
            format!("Nullable<{ty}>")
        } else {
            ty.into()
        };
        tables
            .entry(row.table_name)
            .or_default()
            .push((row.column_name, ty));
    }
    tables
}

pub async fn table_names(ctx: &TestContext) -> Vec<String> {
    database_columns(ctx).await.into_keys().collect()
}

fn diesel_type(udt: &str) -> &str {
    match udt {
        "int8" => "Int8",
        "int4" => "Int4",
        "int2" => "Int2",
        "text" => "Text",
        "bool" => "Bool",
        "timestamptz" => "Timestamptz",
        "jsonb" => "Jsonb",
        other => panic!("no diesel type mapped for {other}"),
    }
}

/// The same shape read from schema.rs itself: its source text, parsed table by table.
fn schema_rs_columns() -> BTreeMap<String, Vec<(String, String)>> {
    let source = include_str!("../../src/db/schema.rs");
    let mut tables = BTreeMap::new();
    for block in source.split("diesel::table! {").skip(1) {
        let body = block.split("\n}\n").next().unwrap();
        let name = body.split_whitespace().next().unwrap().to_string();
        let columns = body
            .lines()
            .filter_map(|line| line.trim().strip_suffix(','))
            .filter_map(|line| line.split_once(" -> "))
            .map(|(c, t)| (c.trim().to_string(), t.trim().to_string()))
            .collect();
        tables.insert(name, columns);
    }
    tables
}

#[actix_web::test]
async fn schema_rs_matches_the_migrated_database() {
    let ctx = TestContext::new().await;
    assert_eq!(schema_rs_columns(), database_columns(&ctx).await);
    // And diesel agrees: selecting every column of every table compiles and runs.
    let mut conn = ctx.db.get().await.unwrap();
    macro_rules! select_all {
        ($($t:ident),*) => {$(
            diesel::QueryDsl::limit(diesel::QueryDsl::select($t::table, $t::all_columns), 0)
                .execute(&mut conn).await.unwrap();
        )*};
    }
    select_all!(
        crm_companies,
        crm_dinamize_accounts,
        crm_auth_tokens,
        crm_leads,
        crm_lead_sync,
        crm_sync_queue,
        crm_sync_logs
    );
}

#[actix_web::test]
async fn every_tenant_table_has_a_company_id() {
    let ctx = TestContext::new().await;
    for (table, columns) in database_columns(&ctx).await {
        if table != "crm_companies" {
            assert!(
                columns
                    .iter()
                    .any(|(c, t)| c == "company_id" && t == "Int8"),
                "{table}"
            );
        }
    }
}
