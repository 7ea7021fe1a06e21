//! The migrated template database, built once per set of migrations and shared by every test
//! process. Its name carries a hash of `migrations/`, so changing a migration builds a new one.

use std::path::Path;

use diesel_async::RunQueryDsl;
use dinamize_sync::config::DEFAULT_SCHEMA;
use dinamize_sync::db::{admin, migrations};

/// Serialises template building across test processes.
const TEMPLATE_LOCK: i64 = 0x6473_796e_6374_706c;

/// The maintenance URL of the test server (`TEST_POSTGRES_URL`, default local trust auth).
pub fn admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// The URL of database `name` on the test server.
pub fn database_url(name: &str) -> String {
    let mut url = url::Url::parse(&admin_url()).expect("TEST_POSTGRES_URL is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// Returns the template's name, building it first when no process has.
pub async fn ensure_template() -> String {
    let name = format!("dsync_tpl_{:016x}", migrations_hash());
    let mut conn = admin::connect(&admin_url())
        .await
        .expect("PostgreSQL is reachable");
    lock(&mut conn, "pg_advisory_lock").await;
    if !admin::exists(&mut conn, &name).await.unwrap() {
        // Build under another name and rename, so a half-built template is never used.
        let building = format!("{name}_building");
        admin::drop(&mut conn, &building).await.unwrap();
        admin::create(&mut conn, &building, None).await.unwrap();
        migrations::run_pending(&database_url(&building), DEFAULT_SCHEMA)
            .await
            .unwrap();
        diesel::sql_query(format!(
            "ALTER DATABASE \"{building}\" RENAME TO \"{name}\""
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    }
    lock(&mut conn, "pg_advisory_unlock").await;
    name
}

async fn lock(conn: &mut diesel_async::AsyncPgConnection, function: &str) {
    diesel::sql_query(format!("SELECT {function}({TEMPLATE_LOCK})"))
        .execute(conn)
        .await
        .unwrap();
}

/// FNV-1a over the schema the tables live in and every migration file's path and contents,
/// in order (a template built before the tables moved to their own schema is not reused).
fn migrations_hash() -> u64 {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in format!("schema:{DEFAULT_SCHEMA}").bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    for file in files {
        let bytes = [
            file.to_string_lossy().as_bytes(),
            &std::fs::read(&file).unwrap(),
        ]
        .concat();
        for byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
