//! The caller's role in the chosen company: from the CRM's user–company table when
//! `CRM_USER_COMPANIES_TABLE` is set (cached briefly), else from the token.

use std::time::{Duration, Instant};

use diesel_async::SimpleAsyncConnection;
use dinamize_sync::auth::Role;
use serde_json::{Value, json};

use super::common::{TestApp, spawn_app, spawn_app_with};

/// A CRM-shaped token for user `sub` in company 1 with global role `role`.
fn token(app: &TestApp, sub: i64, role: &str) -> String {
    let now = chrono::Utc::now().timestamp();
    app.sign_payload(&json!({"sub": sub, "email": "x@dwu.com.br", "role": role,
        "companyId": 1, "companyIds": [1], "exp": now + 3600, "iat": now}))
}

async fn account_status(app: &TestApp, token: &str) -> u16 {
    app.get_with("/api/dinamize/account", token)
        .await
        .status()
        .as_u16()
}

async fn sql(app: &TestApp, statements: &str) {
    let mut conn = app.ctx.db.get().await.unwrap();
    conn.batch_execute(statements).await.unwrap();
}

#[actix_web::test]
async fn without_the_table_the_tokens_role_decides_and_manager_is_not_admin() {
    let app = spawn_app().await;
    assert_eq!(account_status(&app, &token(&app, 42, "ADMIN")).await, 200);
    assert_eq!(account_status(&app, &token(&app, 42, "MANAGER")).await, 403);
    assert_eq!(
        account_status(&app, &token(&app, 42, "SOMETHING_ELSE")).await,
        403
    );
    assert_eq!(account_status(&app, &app.token(1, Role::Owner)).await, 200);
}

#[actix_web::test]
async fn with_the_table_the_role_in_the_chosen_company_decides_and_is_cached_briefly() {
    let app = spawn_app_with(|env| {
        env.with("CRM_USER_COMPANIES_TABLE", "crm_user_companies")
            .with("CRM_ROLE_CACHE_MS", "2000")
    })
    .await;
    sql(
        &app,
        r#"CREATE TABLE public.crm_user_companies ("userId" INT, "companyId" INT, role TEXT);
           INSERT INTO public.crm_user_companies VALUES (42, 1, 'MANAGER'), (43, 1, 'OWNER');"#,
    )
    .await;
    let manager = token(&app, 42, "ADMIN");
    assert_eq!(
        account_status(&app, &manager).await,
        403,
        "MANAGER in company 1, whatever the token says"
    );
    assert_eq!(
        account_status(&app, &token(&app, 43, "USER")).await,
        200,
        "OWNER in company 1"
    );
    let stranger = app
        .get_with("/api/dinamize/account?lang=en", &token(&app, 44, "ADMIN"))
        .await;
    assert_eq!(stranger.status(), 403);
    let error: Value = stranger.json().await.unwrap();
    assert_eq!(error["message"], "the user has no role in company 1");

    sql(
        &app,
        r#"UPDATE public.crm_user_companies SET role = 'ADMIN' WHERE "userId" = 42"#,
    )
    .await;
    assert_eq!(
        account_status(&app, &manager).await,
        403,
        "the cached role holds for its TTL"
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    while account_status(&app, &manager).await != 200 {
        assert!(
            Instant::now() < deadline,
            "the new role is read once the cache expires"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[actix_web::test]
async fn a_prisma_style_database_url_connects_and_roles_are_read_from_the_crms_schema() {
    let app = spawn_app_with(|env| {
        let url = env.optional("DATABASE_URL").unwrap();
        env.with(
            "DATABASE_URL",
            format!("{url}?schema=dwu_crm_dev&connect_timeout=5"),
        )
        .with("CRM_USER_COMPANIES_TABLE", "crm_user_companies")
    })
    .await;
    assert_eq!(
        app.ctx.config.database.crm_schema.as_deref(),
        Some("dwu_crm_dev")
    );
    let ready: Value = app.get("/ready").await.json().await.unwrap();
    assert_eq!(ready["checks"]["postgres"]["status"], "up", "{ready}");
    sql(
        &app,
        r#"CREATE SCHEMA dwu_crm_dev;
           CREATE TABLE dwu_crm_dev.crm_user_companies ("userId" INT, "companyId" INT, role TEXT);
           INSERT INTO dwu_crm_dev.crm_user_companies VALUES (42, 1, 'ADMIN');"#,
    )
    .await;
    assert_eq!(account_status(&app, &token(&app, 42, "USER")).await, 200);
}
