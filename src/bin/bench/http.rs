//! Scenario `http`: 2 000 jobs, each exactly one request to the simulator, which answers after
//! 20 ms; no rate limit to speak of; `SYNC_CONCURRENCY` 5 then 50; ideal = concurrency / 0.020.
//!
//! The jobs run the service's real `LeadSyncHandler` (lead, account and mapping loaded from
//! PostgreSQL, the request through `ApiClientActor` with the dispatcher's permit), not a
//! stand-in: what is measured is what a lead sync costs. So that each job is one call, every
//! lead's contact already exists in the simulator and its code is stored: the job is one
//! `contact/update`. (One `/auth` per run comes on top: 2 001 requests.)

use std::time::Duration;

use serde_json::{Value, json};

use super::leads::{self, NewLead};
use super::noop::settings;
use super::report::round1;
use super::service::{InProcess, latency};
use super::stage::Stage;
use dinamize_sync::sim::SimHandle;

/// Jobs per run.
pub const N: usize = 2_000;
/// The simulator's answer delay.
pub const LATENCY_MS: u64 = 20;
/// Longest a run may take.
const BOUND: Duration = Duration::from_secs(50);

/// Runs the scenario.
pub async fn run(redis_url: &str) -> Result<Value, String> {
    let mut fields = serde_json::Map::new();
    fields.insert("n".into(), json!(N));
    fields.insert("latency_ms".into(), json!(LATENCY_MS));
    fields.insert(
        "handler".into(),
        json!("LeadSyncHandler, one contact/update per job"),
    );
    for concurrency in [5, 50] {
        fields.insert(
            format!("c{concurrency}"),
            once(redis_url, concurrency).await?,
        );
    }
    Ok(Value::Object(fields))
}

async fn once(redis_url: &str, concurrency: usize) -> Result<Value, String> {
    let stage = Stage::create("http", redis_url).await?;
    let result = async {
        let service = InProcess::start(&stage, &settings(concurrency), None).await?;
        let measured = measure(&stage, &service).await;
        service.stop().await;
        let mut fields = measured?;
        let ideal = concurrency as f64 / (LATENCY_MS as f64 / 1000.0);
        let rate = fields["jobs_per_s"].as_f64().unwrap_or(0.0);
        fields["ideal_jobs_per_s"] = json!(ideal);
        fields["of_ideal"] = json!(round1(rate / ideal * 100.0) / 100.0);
        Ok(fields)
    }
    .await;
    stage.cleanup().await;
    result
}

async fn measure(stage: &Stage, service: &InProcess) -> Result<Value, String> {
    let sim = service.sim()?;
    sim.state().set_rate_limit(0, Duration::from_secs(1));
    let batch = with_contacts(sim, 1, N)?;
    latency(sim, LATENCY_MS);
    let mut conn = stage.connect().await?;
    let start = leads::write(&mut conn, &batch).await?;
    service.notify(1).await?;
    leads::drained(&mut conn, BOUND).await?;
    let mut fields = leads::outcome(&mut conn, start).await?;
    fields["requests_at_simulator"] = json!(sim.state().journal().len());
    Ok(fields)
}

/// `n` leads of `company` whose contacts exist in list 1 of `client_code`'s simulator account
/// (the first account when `None`), codes stored.
pub fn with_contacts_of(
    sim: &SimHandle,
    client_code: &str,
    company: i64,
    n: usize,
) -> Result<Vec<NewLead>, String> {
    let codes = sim.state().seed_contacts(client_code, 1, n as u64)?;
    Ok(codes
        .into_iter()
        .map(|code| NewLead {
            company,
            code: Some(code.to_string()),
        })
        .collect())
}

/// [`with_contacts_of`] the simulator's first account.
pub fn with_contacts(sim: &SimHandle, company: i64, n: usize) -> Result<Vec<NewLead>, String> {
    with_contacts_of(sim, &sim.state().default_client_code(), company, n)
}
