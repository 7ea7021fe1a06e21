//! A dry run: the leads a real run would enqueue, each judged by the job's own pure `plan()`
//! over its context loaded in batches; nothing is enqueued or sent. It is written as a
//! finished run with the counts.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Int4, Int8, Jsonb, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::mode::RunMode;
use super::store::{self, Run};
use super::verdict::Tally;
use crate::sync::lead::LeadContext;

/// Leads read per query.
pub(crate) const BATCH: i64 = 1_000;
/// Invalid leads listed on a run (all are counted): keeps the row and the answer small.
pub const INVALID_LISTED: usize = 1_000;

/// Counts what a `mode` run of `company_id` would do and records it.
pub async fn dry_run(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    mode: RunMode,
    started_by: &str,
    started_at: DateTime<Utc>,
) -> diesel::QueryResult<Run> {
    let mut tally = Tally::default();
    let mut after = 0_i64;
    loop {
        let batch = contexts(conn, company_id, mode, after).await?;
        for ctx in &batch {
            tally.add(ctx, INVALID_LISTED);
        }
        match batch.last() {
            Some(last) if batch.len() as i64 == BATCH => after = last.lead_id,
            _ => break,
        }
    }
    record(conn, company_id, mode, started_by, started_at, &tally).await
}

/// The next batch of the run's leads after lead id `after`, each with the context its job
/// would load (the same columns as `lead::load`, from the lead's side, so that a lead with no
/// sync row yet is counted too).
pub(crate) async fn contexts(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    mode: RunMode,
    after: i64,
) -> diesel::QueryResult<Vec<LeadContext>> {
    diesel::sql_query(format!(
        "SELECT l.company_id, l.id AS lead_id, s.contact_code, s.list_code AS synced_list, \
             s.synced_fingerprint, COALESCE(s.last_email, l.email) AS last_email, \
             (l.deleted_at IS NULL) AS live, l.email, l.name, l.phone, l.external_code, \
             l.custom_fields, (a.company_id IS NOT NULL) AS has_account, a.default_list_code, \
             a.field_mapping \
         FROM crm_leads l \
         LEFT JOIN crm_lead_sync s ON s.lead_id = l.id \
         LEFT JOIN crm_dinamize_accounts a ON a.company_id = l.company_id AND a.active \
         WHERE {} AND l.id > $2 ORDER BY l.id LIMIT $3",
        mode.selection()
    ))
    .bind::<Int8, _>(company_id)
    .bind::<Int8, _>(after)
    .bind::<Int8, _>(BATCH)
    .load(conn)
    .await
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = Int8)]
    id: i64,
}

async fn record(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    mode: RunMode,
    started_by: &str,
    started_at: DateTime<Utc>,
    tally: &Tally,
) -> diesel::QueryResult<Run> {
    let listed = serde_json::to_value(&tally.invalid_leads).unwrap_or_default();
    let row: Id = diesel::sql_query(
        "INSERT INTO crm_sync_runs (company_id, mode, dry_run, status, started_by, total, \
             would_create, would_update, would_delete, unchanged, invalid, invalid_leads, \
             started_at, finished_at) \
         VALUES ($1, $2, TRUE, 'finished', $3, $4, $5, $6, $7, $8, $9, $10, $11, now()) \
         RETURNING id",
    )
    .bind::<Int8, _>(company_id)
    .bind::<Text, _>(mode.as_str())
    .bind::<Text, _>(started_by)
    .bind::<Int4, _>(tally.total())
    .bind::<Int4, _>(tally.create)
    .bind::<Int4, _>(tally.update)
    .bind::<Int4, _>(tally.delete)
    .bind::<Int4, _>(tally.unchanged)
    .bind::<Int4, _>(tally.invalid)
    .bind::<Jsonb, _>(listed)
    .bind::<Timestamptz, _>(started_at)
    .get_result(conn)
    .await?;
    store::get(conn, company_id, row.id)
        .await?
        .ok_or(diesel::result::Error::NotFound)
}
