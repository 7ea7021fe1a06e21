//! The service beside the CRM in one database: the CRM's published tables (same names as
//! ours, other columns) in `public` and in the CRM's own schema are left exactly as they were
//! by the migrations, which put every table of the service in its own schema.

use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use dinamize_sync::config::{Config, DEFAULT_SCHEMA, Env};
use dinamize_sync::db::{admin, migrations};
use dinamize_sync::startup::prepare_database;

use super::common::{TestContext, admin_url};

/// The CRM's SQL script (`dwu_` columns) in `public`, its newer camelCase model in its schema.
const CRM_TABLES: &str = r#"
CREATE TABLE crm_leads (dwu_id SERIAL PRIMARY KEY, dwu_company_id INT NOT NULL,
  dwu_name VARCHAR(255), dwu_email VARCHAR(255), dwu_phone VARCHAR(50),
  dwu_created_at TIMESTAMP DEFAULT now(), dwu_updated_at TIMESTAMP);
CREATE TABLE crm_lead_sync (dwu_id SERIAL PRIMARY KEY, dwu_lead_id INT REFERENCES crm_leads(dwu_id),
  dwu_dinamize_contact_code VARCHAR(50), dwu_sync_status VARCHAR(20), dwu_last_sync TIMESTAMP);
CREATE TABLE crm_sync_queue (dwu_id SERIAL PRIMARY KEY, dwu_company_id INT, dwu_lead_id INT,
  dwu_operation VARCHAR(10), dwu_status VARCHAR(20), dwu_attempts INT DEFAULT 0);
CREATE TABLE crm_sync_logs (dwu_id SERIAL PRIMARY KEY, dwu_company_id INT, dwu_lead_id INT,
  dwu_response_code VARCHAR(20), dwu_message TEXT);
CREATE TABLE crm_auth_tokens (dwu_id SERIAL PRIMARY KEY, dwu_company_id INT, dwu_token TEXT,
  dwu_expires_at TIMESTAMP);
INSERT INTO crm_leads (dwu_company_id, dwu_name, dwu_email) VALUES (1, 'Ana', 'ana@x.com'), (2, 'Bia', 'bia@y.com');
INSERT INTO crm_lead_sync (dwu_lead_id, dwu_sync_status) VALUES (1, 'synced');
INSERT INTO crm_sync_queue (dwu_company_id, dwu_lead_id, dwu_operation, dwu_status) VALUES (1, 1, 'create', 'queued');
INSERT INTO crm_sync_logs (dwu_company_id, dwu_lead_id, dwu_response_code) VALUES (1, 1, '480001');
INSERT INTO crm_auth_tokens (dwu_company_id, dwu_token) VALUES (1, 'crm-token');
CREATE SCHEMA dwu_crm_dev;
CREATE TABLE dwu_crm_dev.crm_leads ("id" SERIAL PRIMARY KEY, "companyId" INT NOT NULL,
  "name" TEXT, "email" TEXT, "customFields" JSONB, "createdAt" TIMESTAMP DEFAULT now());
CREATE TABLE dwu_crm_dev.crm_sync_queue ("id" SERIAL PRIMARY KEY, "leadId" INT, "status" TEXT);
INSERT INTO dwu_crm_dev.crm_leads ("companyId", "name", "email") VALUES (1, 'Caio', 'caio@z.com');
INSERT INTO dwu_crm_dev.crm_sync_queue ("leadId", "status") VALUES (1, 'PENDING');
"#;

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

/// Every column, constraint, index and trigger of the CRM's schemas, and every row.
async fn crm_snapshot(conn: &mut AsyncPgConnection) -> Vec<String> {
    let shape = "SELECT concat_ws(' ', table_schema, table_name, column_name, data_type, \
        column_default, is_nullable) AS line FROM information_schema.columns \
        WHERE table_schema IN ('public', 'dwu_crm_dev') \
        UNION ALL SELECT concat_ws(' ', schemaname, tablename, indexdef) FROM pg_indexes \
        WHERE schemaname IN ('public', 'dwu_crm_dev') \
        UNION ALL SELECT concat_ws(' ', event_object_schema, event_object_table, trigger_name) \
        FROM information_schema.triggers WHERE event_object_schema IN ('public', 'dwu_crm_dev') \
        ORDER BY 1";
    let mut lines: Vec<String> = diesel::sql_query(shape)
        .load::<Line>(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.line)
        .collect();
    for table in [
        "public.crm_leads",
        "public.crm_lead_sync",
        "public.crm_sync_queue",
        "public.crm_sync_logs",
        "public.crm_auth_tokens",
        "dwu_crm_dev.crm_leads",
        "dwu_crm_dev.crm_sync_queue",
    ] {
        let rows =
            format!("SELECT coalesce(json_agg(t ORDER BY t)::text, '[]') AS line FROM {table} t");
        let rows = diesel::sql_query(rows)
            .get_result::<Line>(conn)
            .await
            .unwrap();
        lines.push(format!("{table} {}", rows.line));
    }
    lines
}

#[actix_web::test]
async fn migrating_beside_the_crms_tables_leaves_them_unchanged() {
    let ctx = TestContext::new().await;
    let name = format!("{}_crm", ctx.db_name);
    let mut maintenance = admin::connect(&admin_url()).await.unwrap();
    admin::create(&mut maintenance, &name, None).await.unwrap();
    let url = ctx.database_url().replace(&ctx.db_name, &name);
    let mut conn = AsyncPgConnection::establish(&url).await.unwrap();
    conn.batch_execute(CRM_TABLES).await.unwrap();
    let before = crm_snapshot(&mut conn).await;
    assert!(before.iter().any(|l| l.contains("ana@x.com")), "{before:?}");

    // As the CRM's own DATABASE_URL gives it: Prisma-style, naming the CRM's schema.
    let env = Env::from_pairs([("DATABASE_URL", format!("{url}?schema=dwu_crm_dev"))]);
    let config = Config::from_vars(&env).unwrap();
    prepare_database(&config).await.unwrap();
    assert_eq!(
        crm_snapshot(&mut conn).await,
        before,
        "the CRM's tables are untouched"
    );
    let ours: Line = diesel::sql_query(
        "SELECT string_agg(table_name::text, ',' ORDER BY table_name) AS line \
         FROM information_schema.tables WHERE table_schema = 'dinamize_sync'",
    )
    .get_result(&mut conn)
    .await
    .unwrap();
    assert!(
        ours.line.contains("__diesel_schema_migrations"),
        "{}",
        ours.line
    );
    assert!(
        ours.line.contains("crm_leads") && ours.line.contains("crm_sync_queue"),
        "{}",
        ours.line
    );

    migrations::revert_all(&url, DEFAULT_SCHEMA).await.unwrap();
    assert_eq!(
        crm_snapshot(&mut conn).await,
        before,
        "nor do the down scripts touch them"
    );
    drop(conn);
    admin::drop(&mut maintenance, &name).await.unwrap();
}
