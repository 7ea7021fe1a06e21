//! Creating and dropping databases: `serve` creates its database when missing, and the test
//! harness clones one database per test from a migrated template.

use diesel::sql_types::Text;
use diesel::{QueryableByName, sql_query};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use url::Url;

use super::DbError;

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    #[allow(dead_code)]
    datname: String,
}

/// The database a URL names, and the URL of the maintenance database `postgres` on that server.
pub fn split_url(url: &str) -> Result<(String, String), DbError> {
    let mut parsed = Url::parse(url).map_err(|e| DbError::Migration(format!("bad URL: {e}")))?;
    let name = parsed.path().trim_start_matches('/').to_string();
    if name.is_empty() {
        return Err(DbError::Migration("the URL names no database".into()));
    }
    parsed.set_path("/postgres");
    Ok((name, parsed.to_string()))
}

/// Creates the database `url` names when it does not exist. Returns true when it created it.
pub async fn ensure_database(url: &str) -> Result<bool, DbError> {
    let (name, maintenance) = split_url(url)?;
    let mut conn = connect(&maintenance).await?;
    if exists(&mut conn, &name).await? {
        return Ok(false);
    }
    match create(&mut conn, &name, None).await {
        Ok(()) => Ok(true),
        // Another process created it between our check and our CREATE.
        Err(DbError::Query(e)) if e.to_string().contains("already exists") => Ok(false),
        Err(e) => Err(e),
    }
}

/// Opens one connection outside the pool.
pub async fn connect(url: &str) -> Result<AsyncPgConnection, DbError> {
    AsyncPgConnection::establish(url)
        .await
        .map_err(|e| DbError::Pool(e.to_string()))
}

/// True when database `name` exists.
pub async fn exists(conn: &mut AsyncPgConnection, name: &str) -> Result<bool, DbError> {
    let rows: Vec<Name> = sql_query("SELECT datname FROM pg_database WHERE datname = $1")
        .bind::<Text, _>(name)
        .load(conn)
        .await?;
    Ok(!rows.is_empty())
}

/// `CREATE DATABASE name [TEMPLATE template]`.
pub async fn create(
    conn: &mut AsyncPgConnection,
    name: &str,
    template: Option<&str>,
) -> Result<(), DbError> {
    let template = template
        .map(|t| format!(" TEMPLATE {}", quote(t)))
        .unwrap_or_default();
    sql_query(format!("CREATE DATABASE {}{template}", quote(name)))
        .execute(conn)
        .await?;
    Ok(())
}

/// `DROP DATABASE IF EXISTS name WITH (FORCE)`: ends its sessions first.
pub async fn drop(conn: &mut AsyncPgConnection, name: &str) -> Result<(), DbError> {
    sql_query(format!(
        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
        quote(name)
    ))
    .execute(conn)
    .await?;
    Ok(())
}

/// Quotes an identifier for PostgreSQL.
pub fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_url_points_at_the_maintenance_database() {
        let (name, maintenance) = split_url("postgres://u:p@db:5433/crm?sslmode=disable").unwrap();
        assert_eq!(name, "crm");
        assert_eq!(
            maintenance,
            "postgres://u:p@db:5433/postgres?sslmode=disable"
        );
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote("a\"b"), "\"a\"\"b\"");
    }
}
