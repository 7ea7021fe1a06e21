//! Installing, removing and listing captures in the database (the `capture` command).
//! Each change is one multi-statement string, which PostgreSQL runs as one transaction.

use diesel::QueryableByName;
use diesel::sql_types::{Bool, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};

use super::mapping::{CaptureMapping, TableName};
use super::sql;

/// A capture found in the database.
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct Installed {
    /// `schema.table` the trigger is on.
    #[diesel(sql_type = Text)]
    pub table: String,
    /// The mapping it was installed with (the trigger's comment), as JSON text.
    #[diesel(sql_type = Nullable<Text>)]
    pub mapping: Option<String>,
    /// Whether the trigger fires (not disabled).
    #[diesel(sql_type = Bool)]
    pub enabled: bool,
}

#[derive(QueryableByName)]
struct Schema {
    #[diesel(sql_type = Text)]
    schema: String,
}

/// The schema the service's tables are in (the connection's current schema).
pub async fn our_schema(conn: &mut AsyncPgConnection) -> diesel::QueryResult<String> {
    let mut rows: Vec<Schema> = diesel::sql_query("SELECT current_schema()::text AS schema")
        .load(conn)
        .await?;
    Ok(rows.pop().map_or_else(|| "public".into(), |r| r.schema))
}

/// Installs (or replaces) the capture of `table`; with `copy_existing`, also copies the rows
/// it holds now. All or nothing.
pub async fn install(
    conn: &mut AsyncPgConnection,
    table: &TableName,
    mapping: &CaptureMapping,
    copy_existing: bool,
) -> diesel::QueryResult<()> {
    let ours = our_schema(conn).await?;
    let mut statements = sql::install(&ours, table, mapping);
    if copy_existing {
        statements.push(sql::copy_existing(&ours, table, mapping));
    }
    conn.batch_execute(&statements.join(";\n")).await
}

/// Removes the capture of `table` (nothing when there is none).
pub async fn uninstall(conn: &mut AsyncPgConnection, table: &TableName) -> diesel::QueryResult<()> {
    let ours = our_schema(conn).await?;
    conn.batch_execute(&sql::uninstall(&ours, table).join(";\n"))
        .await
}

/// Every installed capture.
pub async fn check(conn: &mut AsyncPgConnection) -> diesel::QueryResult<Vec<Installed>> {
    diesel::sql_query(
        "SELECT (n.nspname || '.' || c.relname)::text AS table, \
             obj_description(t.oid, 'pg_trigger')::text AS mapping, \
             (t.tgenabled <> 'D') AS enabled \
         FROM pg_trigger t \
         JOIN pg_class c ON c.oid = t.tgrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE t.tgname = $1 ORDER BY 1",
    )
    .bind::<Text, _>(sql::TRIGGER)
    .load(conn)
    .await
}
