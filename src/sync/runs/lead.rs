//! Syncing one lead now: its job enqueued ahead of its company's routine backlog.

use diesel::QueryableByName;
use diesel::sql_types::{Int2, Int8};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

/// The priority of a hand-picked lead: the claim serves a company's jobs by `priority DESC`
/// first, so it runs next (still within the company's limit, which the dispatcher asks first).
pub const MANUAL_PRIORITY: i16 = 10;

#[derive(QueryableByName)]
struct JobId {
    #[diesel(sql_type = Int8)]
    id: i64,
}

/// Enqueues lead `lead_id` of `company_id` with [`MANUAL_PRIORITY`]; its job's id, or `None`
/// when the company has no such lead. A job already waiting for the lead is raised instead
/// (coalesced); one already running gets exactly one follow-up (`dsync_enqueue_lead`).
/// A soft-deleted lead enqueues its deletion.
pub async fn enqueue_lead(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    lead_id: i64,
) -> diesel::QueryResult<Option<i64>> {
    let mut rows: Vec<JobId> = diesel::sql_query(
        "SELECT dsync_enqueue_lead(l.company_id, l.id, l.email, \
             CASE WHEN l.deleted_at IS NOT NULL THEN 'delete' \
                  WHEN s.contact_code IS NULL THEN 'create' ELSE 'update' END, $3) AS id \
         FROM crm_leads l LEFT JOIN crm_lead_sync s ON s.lead_id = l.id \
         WHERE l.id = $1 AND l.company_id = $2",
    )
    .bind::<Int8, _>(lead_id)
    .bind::<Int8, _>(company_id)
    .bind::<Int2, _>(MANUAL_PRIORITY)
    .load(conn)
    .await?;
    Ok(rows.pop().map(|row| row.id))
}
