//! Encryption at rest (issue 4): key rotation re-encrypts every stored secret under the new key
//! and leaves no ciphertext of the old one, and the service keeps working on the new key alone.

mod common;

#[path = "tokens/support.rs"]
mod support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use dinamize_sync::actors::token::Invalidate;
use dinamize_sync::config::Config;
use dinamize_sync::db::schema::{crm_auth_tokens as t, crm_dinamize_accounts as a};
use dinamize_sync::rotation::rotate_keys;
use dinamize_sync::tokens::redis_store;
use support::*;

use common::TestContext;

const NEW_KEY: [u8; 32] = [42; 32];

/// The test's configuration after a rotation: new key `k2`, old key `k1` kept for decryption.
fn rotated_config(ctx: &TestContext, keep_old: bool) -> Config {
    let mut env = ctx
        .env
        .clone()
        .with("ENCRYPT_TOKEN_KEY", STANDARD.encode(NEW_KEY))
        .with("ENCRYPT_TOKEN_KEY_ID", "k2");
    if keep_old {
        env = env.with(
            "ENCRYPT_TOKEN_PREVIOUS_KEYS",
            format!("k1:{}", STANDARD.encode(KEY_BYTES)),
        );
    }
    Config::from_vars(&env).unwrap()
}

/// Every stored ciphertext: account passwords, token rows (with their key id column), and the
/// Redis copy of the company's token.
async fn stored_ciphertexts(
    ctx: &TestContext,
) -> (Vec<String>, Vec<(String, String)>, Option<String>) {
    let mut conn = ctx.db.get().await.unwrap();
    let passwords: Vec<String> = a::table
        .select(a::password_encrypted)
        .load(&mut conn)
        .await
        .unwrap();
    let tokens: Vec<(String, String)> = t::table
        .select((t::token_encrypted, t::key_id))
        .load(&mut conn)
        .await
        .unwrap();
    let mut redis = ctx.redis.connection().await.unwrap();
    let key = ctx.redis.keys().company("token", COMPANY);
    let cached = redis_store::read(&mut redis, &key)
        .await
        .unwrap()
        .map(|e| e.cached.token);
    (passwords, tokens, cached)
}

#[actix_web::test]
async fn rotation_reencrypts_every_stored_secret_and_the_old_key_can_then_be_dropped() {
    let ctx = context().await;
    let sim = simulator().await;
    set_account(&ctx, SIM_PASSWORD).await;
    let (_, actor) = instance(&ctx.config, &sim);
    get_token(&actor).await.unwrap();
    actor
        .send(Invalidate {
            company_id: COMPANY,
        })
        .await
        .unwrap();
    let token = get_token(&actor).await.unwrap();
    let (_, before, _) = stored_ciphertexts(&ctx).await;
    assert_eq!(before.len(), 2, "an inactive and an active token row");

    let report = rotate_keys(&rotated_config(&ctx, true)).await.unwrap();
    assert!(report.is_complete(), "{report:?}");
    assert_eq!(
        (report.passwords, report.tokens, report.redis_entries),
        (1, 2, 1),
        "{report:?}"
    );

    let (passwords, tokens, cached) = stored_ciphertexts(&ctx).await;
    assert!(
        passwords.iter().all(|p| p.starts_with("v1:k2:")),
        "{passwords:?}"
    );
    assert!(
        tokens
            .iter()
            .all(|(text, id)| text.starts_with("v1:k2:") && id == "k2"),
        "{tokens:?}"
    );
    assert!(cached.unwrap().starts_with("v1:k2:"));

    // The new key alone now opens everything: the cached token, and the password for /auth.
    let (_, fresh) = instance(&rotated_config(&ctx, false), &sim);
    assert_eq!(get_token(&fresh).await.unwrap(), token);
    assert_eq!(auth_calls(&sim), 2);
    fresh
        .send(Invalidate {
            company_id: COMPANY,
        })
        .await
        .unwrap();
    let renewed = get_token(&fresh).await.unwrap();
    use_token(&sim, &renewed)
        .await
        .expect("logged in with the re-encrypted password");

    let again = rotate_keys(&rotated_config(&ctx, false)).await.unwrap();
    assert_eq!(
        (again.passwords, again.tokens, again.redis_entries),
        (0, 0, 0),
        "{again:?}"
    );
    assert!(again.is_complete());
}

#[actix_web::test]
async fn a_secret_whose_key_is_not_configured_is_reported_not_lost() {
    let ctx = context().await;
    set_account(&ctx, SIM_PASSWORD).await;
    let mut env = ctx
        .env
        .clone()
        .with("ENCRYPT_TOKEN_KEY", STANDARD.encode(NEW_KEY));
    env = env.with("ENCRYPT_TOKEN_KEY_ID", "k2");
    let report = rotate_keys(&Config::from_vars(&env).unwrap())
        .await
        .unwrap();
    assert!(!report.is_complete());
    assert_eq!(report.failures.len(), 1, "{report:?}");
    assert!(report.failures[0].contains("k1"), "{report:?}");
    let (passwords, _, _) = stored_ciphertexts(&ctx).await;
    assert!(passwords[0].starts_with("v1:k1:"), "left as it was");
}

#[actix_web::test]
async fn a_ciphertext_moved_to_another_company_does_not_decrypt() {
    let ctx = context().await;
    set_account(&ctx, SIM_PASSWORD).await;
    let (passwords, _, _) = stored_ciphertexts(&ctx).await;
    let keyring = ctx.config.crypto.keyring();
    use dinamize_sync::crypto::{CryptoError, Purpose};
    assert_eq!(
        keyring
            .decrypt(COMPANY, Purpose::Password, &passwords[0])
            .unwrap(),
        SIM_PASSWORD
    );
    assert_eq!(
        keyring.decrypt(COMPANY + 1, Purpose::Password, &passwords[0]),
        Err(CryptoError::Authentication)
    );
    assert_eq!(
        keyring.decrypt(COMPANY, Purpose::Token, &passwords[0]),
        Err(CryptoError::Authentication)
    );
}

/// `dinamize-sync rotate-keys` as an operator runs it, against this test's database and prefix.
fn rotate_keys_process(ctx: &TestContext, previous: Option<&str>) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_dinamize-sync"));
    command
        .env_clear()
        .current_dir(std::env::temp_dir())
        .env("RUST_LOG", "info")
        .env("DATABASE_URL", ctx.database_url())
        .env("REDIS_HOST", &ctx.config.redis.host)
        .env("REDIS_PORT", ctx.config.redis.port.to_string())
        .env("REDIS_KEY_PREFIX", &ctx.key_prefix)
        .env("ENCRYPT_TOKEN_KEY", STANDARD.encode(NEW_KEY))
        .env("ENCRYPT_TOKEN_KEY_ID", "k2");
    if let Some(previous) = previous {
        command.env("ENCRYPT_TOKEN_PREVIOUS_KEYS", previous);
    }
    command.arg("rotate-keys").output().unwrap()
}

#[actix_web::test]
async fn the_rotate_keys_command_fails_without_the_old_key_and_rotates_with_it() {
    let ctx = context().await;
    set_account(&ctx, SIM_PASSWORD).await;

    let refused = rotate_keys_process(&ctx, None);
    assert_eq!(
        refused.status.code(),
        Some(1),
        "the old key is not configured"
    );
    let (passwords, _, _) = stored_ciphertexts(&ctx).await;
    assert!(passwords[0].starts_with("v1:k1:"), "nothing changed");

    let previous = format!("k1:{}", STANDARD.encode(KEY_BYTES));
    let rotated = rotate_keys_process(&ctx, Some(&previous));
    let log = String::from_utf8_lossy(&rotated.stderr);
    assert_eq!(rotated.status.code(), Some(0), "{log}");
    assert!(
        log.contains("re-encrypted under key k2: 1 passwords"),
        "{log}"
    );
    assert!(!log.contains(SIM_PASSWORD), "the secret is never logged");
    let (passwords, _, _) = stored_ciphertexts(&ctx).await;
    assert!(passwords[0].starts_with("v1:k2:"), "{passwords:?}");
}
