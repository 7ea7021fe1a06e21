//! A company's leads, filtered and paged, newest change first (`updated_at DESC, id DESC`,
//! which the `(company_id, updated_at, id)` index serves backwards).

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use super::model::{Lead, LeadWithSync, SyncRow};
use super::store::with_jobs;
use crate::db::schema::{crm_lead_sync as s, crm_leads as l};
use crate::db::{DbError, DbPool};

/// Which sync state a listed lead must be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncStatusFilter {
    /// Waiting for (or in) its job.
    Pending,
    /// Its contact holds its last state.
    Synced,
    /// Its last job failed.
    Failed,
    /// Never captured: no sync row (leads older than the capture trigger).
    NotSynced,
}

impl SyncStatusFilter {
    /// Every value, as the API spells them.
    pub const NAMES: &'static str = "pending, synced, failed, not_synced";

    /// Reads the API's spelling.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pending" => Some(Self::Pending),
            "synced" => Some(Self::Synced),
            "failed" => Some(Self::Failed),
            "not_synced" => Some(Self::NotSynced),
            _ => None,
        }
    }
}

/// What to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeadFilter {
    /// Only leads in this sync state.
    pub sync_status: Option<SyncStatusFilter>,
    /// Only leads changed at or after this instant.
    pub updated_since: Option<DateTime<Utc>>,
    /// Soft-deleted leads too.
    pub include_deleted: bool,
}

/// Rows `offset..offset + limit` of the company's leads that pass `filter`, and how many
/// pass it in all.
pub async fn list(
    db: &DbPool,
    company_id: i64,
    filter: &LeadFilter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<LeadWithSync>, i64), DbError> {
    let mut conn = db.get().await?;
    let total: i64 = filtered(company_id, filter)
        .count()
        .get_result(&mut conn)
        .await?;
    let rows: Vec<(Lead, Option<SyncRow>)> = filtered(company_id, filter)
        .order((l::updated_at.desc(), l::id.desc()))
        .offset(offset)
        .limit(limit)
        .select((Lead::as_select(), Option::<SyncRow>::as_select()))
        .load(&mut conn)
        .await?;
    let items = with_jobs(&mut conn, company_id, rows).await?;
    Ok((items, total))
}

type Joined = diesel::dsl::LeftJoinOn<l::table, s::table, diesel::dsl::Eq<s::lead_id, l::id>>;

/// The company's leads joined with their sync rows, filtered (built twice: count and page).
fn filtered(company_id: i64, filter: &LeadFilter) -> diesel::dsl::IntoBoxed<'static, Joined, Pg> {
    let mut query = l::table
        .left_join(s::table.on(s::lead_id.eq(l::id)))
        .filter(l::company_id.eq(company_id))
        .into_boxed();
    if !filter.include_deleted {
        query = query.filter(l::deleted_at.is_null());
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(l::updated_at.ge(since));
    }
    query = match filter.sync_status {
        None => query,
        Some(SyncStatusFilter::NotSynced) => query.filter(s::id.is_null()),
        Some(SyncStatusFilter::Pending) => query.filter(s::status.eq("pending")),
        Some(SyncStatusFilter::Synced) => query.filter(s::status.eq("synced")),
        Some(SyncStatusFilter::Failed) => query.filter(s::status.eq("failed")),
    };
    query
}
