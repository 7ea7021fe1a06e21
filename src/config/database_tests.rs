//! Reading `DATABASE_URL` as the CRM writes it (Prisma-style) and `DATABASE_SCHEMA`.

use super::*;

fn read(pairs: &[(&str, &str)]) -> Result<DatabaseConfig, ConfigError> {
    DatabaseConfig::from_env(&Env::from_pairs(pairs.iter().copied()))
}

#[test]
fn a_prisma_url_loses_its_schema_parameter_which_names_the_crms_schema() {
    let config = read(&[(
        "DATABASE_URL",
        "postgresql://crm:s3cret@db:5432/dwu?schema=dwu_crm_dev&sslmode=disable",
    )])
    .unwrap();
    assert_eq!(
        config.url.expose(),
        "postgresql://crm:s3cret@db:5432/dwu?sslmode=disable"
    );
    assert_eq!(config.crm_schema.as_deref(), Some("dwu_crm_dev"));
    assert_eq!(config.schema, "dinamize_sync");
    let only = read(&[("DATABASE_URL", "postgresql://u@h/db?schema=public")]).unwrap();
    assert_eq!(only.url.expose(), "postgresql://u@h/db");
}

#[test]
fn every_connection_sets_the_search_path_to_the_services_schema() {
    let config = read(&[
        (
            "DATABASE_URL",
            "postgres://u@h/db?options=-c%20statement_timeout%3D5000",
        ),
        ("DATABASE_SCHEMA", "sync_one"),
    ])
    .unwrap();
    let url = Url::parse(&config.url_in_schema()).unwrap();
    let options: Vec<String> = url
        .query_pairs()
        .filter(|(k, _)| k == "options")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(
        options,
        ["-c statement_timeout=5000 -c search_path=sync_one"]
    );
}

#[test]
fn a_bad_schema_is_refused_naming_the_variable_and_never_echoing_the_password() {
    let error = read(&[("DATABASE_SCHEMA", "x; drop table y")])
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("DATABASE_SCHEMA: expected a SQL identifier"),
        "{error}"
    );
    let error = read(&[("DATABASE_URL", "postgresql://u:pw-xyz@h/db?schema=a%22b")])
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("DATABASE_URL:"), "{error}");
    assert!(!error.contains("pw-xyz"), "{error}");
    let error = read(&[("DATABASE_URL", "mysql://u:pw-xyz@h/db")])
        .unwrap_err()
        .to_string();
    assert!(!error.contains("pw-xyz"), "{error}");
}
