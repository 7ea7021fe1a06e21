//! Scenario `fleet`: Black Friday. 5 000 companies, each with its own Dinamize account limited
//! to 60 requests per minute and 4 waiting leads (contacts existing, codes stored: one
//! `contact/update` per job); the simulator answers in 5 ms; 50 workers. Ideal: 50 / 0.005 =
//! 10 000 jobs/s. What it shows is the dispatcher's cost when the work is spread over many
//! accounts (a permit per company, a claim per job, the ring refreshed from PostgreSQL).
//! Each company also logs in once (`/auth`) on its first job, as it would after a restart.

use std::time::Duration;

use diesel::sql_types::{Array, Int8, Text};
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use super::http::with_contacts_of;
use super::leads::{self, companies};
use super::service::{InProcess, latency};
use super::stage::Stage;
use super::windows;
use dinamize_sync::crypto::Purpose;
use dinamize_sync::sim::Account;

/// Companies with work (ids 2..=COMPANIES+1; company 1 is the default one, idle).
const COMPANIES: i64 = 5_000;
/// Waiting leads per company.
const PER_COMPANY: usize = 4;
/// Workers.
const CONCURRENCY: usize = 50;
/// The simulator's answer delay.
const LATENCY_MS: u64 = 5;
/// Each account's limit per minute.
const LIMIT: u32 = 60;
/// Longest the run may take.
const BOUND: Duration = Duration::from_secs(100);

/// Runs the scenario.
pub async fn run(redis_url: &str) -> Result<Value, String> {
    let stage = Stage::create("fleet", redis_url).await?;
    let result = async {
        let extra = [
            ("SYNC_CONCURRENCY", CONCURRENCY.to_string()),
            ("DATABASE_POOL_SIZE", (CONCURRENCY + 5).to_string()),
            ("DINAMIZE_RATE_LIMIT_PER_MINUTE", LIMIT.to_string()),
        ];
        let service = InProcess::start(&stage, &extra, None).await?;
        let measured = measure(&stage, &service).await;
        service.stop().await;
        measured
    }
    .await;
    stage.cleanup().await;
    result
}

async fn measure(stage: &Stage, service: &InProcess) -> Result<Value, String> {
    let sim = service.sim()?;
    let account = sim.state().accounts()[0].clone();
    let mut conn = stage.connect().await?;
    companies(&mut conn, COMPANIES + 1).await?;
    // Each company's password sealed for that company: a ciphertext is bound to its company
    // and would not open as another's (a copied one left every job failing).
    let keyring = service.state.config.crypto.keyring();
    let ids: Vec<i64> = (2..=COMPANIES + 1).collect();
    let sealed = ids
        .iter()
        .map(|&company| keyring.encrypt(company, Purpose::Password, &account.password))
        .collect::<Result<Vec<String>, _>>()
        .map_err(|e| e.to_string())?;
    diesel::sql_query(
        "INSERT INTO crm_dinamize_accounts (company_id, api_user, password_encrypted, \
             client_code, default_list_code, requests_per_minute) \
         SELECT g.company, a.api_user, g.sealed, 'fleet-' || g.company, '1', \
             a.requests_per_minute \
         FROM unnest($1::bigint[], $2::text[]) AS g(company, sealed), crm_dinamize_accounts a \
         WHERE a.company_id = 1",
    )
    .bind::<Array<Int8>, _>(ids)
    .bind::<Array<Text>, _>(sealed)
    .execute(&mut conn)
    .await
    .map_err(|e| e.to_string())?;
    let mut batch = Vec::new();
    for company in 2..=COMPANIES + 1 {
        let code = format!("fleet-{company}");
        sim.state()
            .add_account(Account::new(&account.user, &account.password, &code));
        batch.extend(with_contacts_of(sim, &code, company, PER_COMPANY)?);
    }
    latency(sim, LATENCY_MS);
    sim.state().clear_journal();
    let start = leads::write(&mut conn, &batch).await?;
    service.notify(2).await?;
    leads::drained(&mut conn, BOUND).await?;
    let mut fields = leads::outcome(&mut conn, start).await?;
    let claims = leads::claims_by_company(&mut conn).await?;
    let window = Duration::from_secs(60);
    let max_in_window = claims
        .values()
        .map(|at| windows::count(at, window, LIMIT as usize).max_in_any_window)
        .max()
        .unwrap_or(0);
    let journal = sim.state().journal();
    let logins = journal.iter().filter(|e| e.path.contains("auth")).count();
    fields["companies"] = json!(COMPANIES);
    fields["per_company"] = json!(PER_COMPANY);
    fields["concurrency"] = json!(CONCURRENCY);
    fields["ideal_jobs_per_s"] = json!(CONCURRENCY as f64 / (LATENCY_MS as f64 / 1000.0));
    fields["max_in_window_any_company"] = json!(max_in_window);
    fields["window_measured"] = json!("job claims (started_at, each after its permit), 60 s");
    fields["requests_at_simulator"] = json!(journal.len());
    fields["logins"] = json!(logins);
    fields["wasted_permits"] = json!(service.sync()?.wasted_permits());
    Ok(fields)
}
