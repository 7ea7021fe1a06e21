//! The default account seeded from `DINAMIZE_API_*`, and the misconfigured mark's life.

use dinamize_sync::accounts;
use dinamize_sync::config::Env;
use dinamize_sync::crypto::Purpose;
use dinamize_sync::db;
use dinamize_sync::startup::{SeedOutcome, seed_default_account};

use crate::common::TestContext;
use crate::support::*;

fn seeded(env: Env, password: &str) -> Env {
    env.with("DINAMIZE_API_USER", SIM_USER)
        .with("DINAMIZE_API_PASSWORD", password)
        .with("DINAMIZE_CLIENT_CODE", SIM_CLIENT_CODE)
}

#[actix_web::test]
async fn the_default_account_is_seeded_encrypted_and_left_alone_when_unchanged() {
    capture_logs();
    let ctx = TestContext::with_env(|env| seeded(env, SIM_PASSWORD)).await;
    db::companies::ensure_default(&ctx.db).await.unwrap();
    let keyring = ctx.config.crypto.keyring();
    let outcome = seed_default_account(&ctx.config, &service(&ctx.config))
        .await
        .unwrap();
    assert_eq!(outcome, SeedOutcome::Created);
    let account = accounts::load(&ctx.db, COMPANY).await.unwrap().unwrap();
    assert!(account.password_encrypted.starts_with("v1:"));
    let password = keyring
        .decrypt(COMPANY, Purpose::Password, &account.password_encrypted)
        .unwrap();
    assert_eq!(password, SIM_PASSWORD);
    assert_eq!(account.requests_per_minute, 60);
    accounts::mark_misconfigured(&ctx.db, COMPANY, "refused")
        .await
        .unwrap();
    let again = seed_default_account(&ctx.config, &service(&ctx.config))
        .await
        .unwrap();
    assert_eq!(again, SeedOutcome::Unchanged);
    assert_eq!(
        accounts::misconfigured_reason(&ctx.db, COMPANY)
            .await
            .unwrap()
            .as_deref(),
        Some("refused")
    );
}

#[actix_web::test]
async fn changed_seed_credentials_replace_the_account_and_clear_the_mark() {
    capture_logs();
    let ctx = TestContext::with_env(|env| seeded(env, "new-password")).await;
    set_account(&ctx, "old-password").await;
    accounts::mark_misconfigured(&ctx.db, COMPANY, "refused")
        .await
        .unwrap();
    let outcome = seed_default_account(&ctx.config, &service(&ctx.config))
        .await
        .unwrap();
    assert_eq!(outcome, SeedOutcome::Updated);
    assert_eq!(
        accounts::misconfigured_reason(&ctx.db, COMPANY)
            .await
            .unwrap(),
        None
    );
    let account = accounts::load(&ctx.db, COMPANY).await.unwrap().unwrap();
    assert_eq!(
        account.default_list_code.as_deref(),
        Some("1"),
        "fields the seed does not set are kept"
    );
}

#[actix_web::test]
async fn a_partial_seed_names_the_missing_variables_and_no_seed_does_nothing() {
    capture_logs();
    let ctx = TestContext::with_env(|env| env.with("DINAMIZE_API_USER", SIM_USER)).await;
    let error = seed_default_account(&ctx.config, &service(&ctx.config))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("DINAMIZE_API_PASSWORD") && error.contains("DINAMIZE_CLIENT_CODE"),
        "{error}"
    );
    let plain = TestContext::new().await;
    let outcome = seed_default_account(&plain.config, &service(&plain.config))
        .await
        .unwrap();
    assert_eq!(outcome, SeedOutcome::NotConfigured);
}

#[actix_web::test]
async fn dinamize_default_list_code_seeds_the_default_companys_list() {
    capture_logs();
    let ctx = TestContext::with_env(|env| {
        seeded(env, SIM_PASSWORD).with("DINAMIZE_DEFAULT_LIST_CODE", "7")
    })
    .await;
    db::companies::ensure_default(&ctx.db).await.unwrap();
    seed_default_account(&ctx.config, &service(&ctx.config))
        .await
        .unwrap();
    let account = accounts::load(&ctx.db, COMPANY).await.unwrap().unwrap();
    assert_eq!(account.default_list_code.as_deref(), Some("7"));
    let bad = dinamize_sync::config::Config::from_vars(
        &Env::default().with("DINAMIZE_DEFAULT_LIST_CODE", "list one"),
    )
    .unwrap_err()
    .to_string();
    assert!(bad.starts_with("DINAMIZE_DEFAULT_LIST_CODE"), "{bad}");
}
