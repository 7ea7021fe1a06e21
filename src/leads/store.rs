//! Writing and reading one lead, always within its company: a lead of another company is
//! as absent as a missing one. The capture trigger enqueues each write's sync job in the
//! same statement's transaction, so nothing here touches the queue; a write PostgreSQL aborts
//! as a deadlock victim (the trigger against a worker recording a run) is run again.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::model::{JobRow, Lead, LeadChanges, LeadWithSync, NewLead, SyncRow};
use crate::db::deadlock::retry_deadlocks;
use crate::db::schema::{crm_lead_sync, crm_leads as l, crm_sync_queue as q};
use crate::db::{DbError, DbPool, companies};

/// What a partial update did.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateOutcome {
    /// Changed; the lead as it is now.
    Updated(Box<LeadWithSync>),
    /// The lead is soft-deleted: nothing changed.
    Deleted,
    /// No such lead in the company.
    NotFound,
}

/// What a soft delete did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteOutcome {
    /// `deleted_at` was set now.
    Deleted,
    /// It was deleted before; its `deleted_at` stays.
    AlreadyDeleted,
    /// No such lead in the company.
    NotFound,
}

/// Inserts a lead and answers it with its sync. A company this database has not seen yet
/// (the CRM owns its companies) is added by id, as the account route does.
pub async fn create(db: &DbPool, lead: &NewLead) -> Result<LeadWithSync, DbError> {
    let id = match insert(db, lead).await {
        Err(DbError::Query(DieselError::DatabaseError(
            DatabaseErrorKind::ForeignKeyViolation,
            _,
        ))) => {
            let name = format!("Company {}", lead.company_id);
            companies::ensure(db, lead.company_id, &name).await?;
            insert(db, lead).await?
        }
        other => other?,
    };
    let found = find(db, lead.company_id, id).await?;
    found.ok_or_else(|| DbError::Query(DieselError::NotFound))
}

async fn insert(db: &DbPool, lead: &NewLead) -> Result<i64, DbError> {
    let mut conn = db.get().await?;
    let inserted = retry_deadlocks(async || {
        diesel::insert_into(l::table)
            .values(lead)
            .returning(l::id)
            .get_result(&mut conn)
            .await
    });
    Ok(inserted.await?)
}

/// The company's lead `id` with its sync, deleted or not.
pub async fn find(db: &DbPool, company_id: i64, id: i64) -> Result<Option<LeadWithSync>, DbError> {
    let mut conn = db.get().await?;
    let row: Option<(Lead, Option<SyncRow>)> = l::table
        .left_join(crm_lead_sync::table.on(crm_lead_sync::lead_id.eq(l::id)))
        .filter(l::id.eq(id).and(l::company_id.eq(company_id)))
        .select((Lead::as_select(), Option::<SyncRow>::as_select()))
        .first(&mut conn)
        .await
        .optional()?;
    let Some(row) = row else {
        return Ok(None);
    };
    Ok(with_jobs(&mut conn, company_id, vec![row]).await?.pop())
}

/// Changes the given columns of a live lead and sets `updated_at`.
pub async fn update(
    db: &DbPool,
    company_id: i64,
    id: i64,
    changes: &LeadChanges,
) -> Result<UpdateOutcome, DbError> {
    let changed = {
        let mut conn = db.get().await?;
        retry_deadlocks(async || {
            diesel::update(live(company_id, id))
                .set((changes, l::updated_at.eq(diesel::dsl::now)))
                .execute(&mut conn)
                .await
        })
        .await?
    };
    if changed == 0 {
        return Ok(match deleted(db, company_id, id).await? {
            Some(true) => UpdateOutcome::Deleted,
            Some(false) | None => UpdateOutcome::NotFound,
        });
    }
    Ok(match find(db, company_id, id).await? {
        Some(lead) => UpdateOutcome::Updated(Box::new(lead)),
        // Hard-deleted (by the CRM's SQL) between the two statements.
        None => UpdateOutcome::NotFound,
    })
}

/// Sets `deleted_at` (and `updated_at`, so "changed since" lists see it) on a live lead.
pub async fn soft_delete(db: &DbPool, company_id: i64, id: i64) -> Result<DeleteOutcome, DbError> {
    let changed = {
        let mut conn = db.get().await?;
        retry_deadlocks(async || {
            diesel::update(live(company_id, id))
                .set((
                    l::deleted_at.eq(diesel::dsl::now),
                    l::updated_at.eq(diesel::dsl::now),
                ))
                .execute(&mut conn)
                .await
        })
        .await?
    };
    if changed > 0 {
        return Ok(DeleteOutcome::Deleted);
    }
    Ok(match deleted(db, company_id, id).await? {
        Some(_) => DeleteOutcome::AlreadyDeleted,
        None => DeleteOutcome::NotFound,
    })
}

/// The company's lead `id` unless it is soft-deleted (an update target).
#[diesel::dsl::auto_type]
fn live(company_id: i64, id: i64) -> _ {
    l::table
        .filter(l::id.eq(id))
        .filter(l::company_id.eq(company_id))
        .filter(l::deleted_at.is_null())
}

/// Whether the company's lead `id` is soft-deleted; `None` when there is no such lead.
async fn deleted(db: &DbPool, company_id: i64, id: i64) -> Result<Option<bool>, DbError> {
    let mut conn = db.get().await?;
    let deleted_at: Option<Option<chrono::DateTime<chrono::Utc>>> = l::table
        .filter(l::id.eq(id).and(l::company_id.eq(company_id)))
        .select(l::deleted_at)
        .first(&mut conn)
        .await
        .optional()?;
    Ok(deleted_at.map(|at| at.is_some()))
}

/// Attaches each lead's latest job (one query for the whole set), keeping the order.
pub(super) async fn with_jobs(
    conn: &mut AsyncPgConnection,
    company_id: i64,
    rows: Vec<(Lead, Option<SyncRow>)>,
) -> Result<Vec<LeadWithSync>, DbError> {
    let ids: Vec<i64> = rows.iter().map(|(lead, _)| lead.id).collect();
    let jobs: Vec<JobRow> = q::table
        .filter(q::company_id.eq(company_id))
        .filter(q::lead_id.eq_any(&ids))
        .distinct_on(q::lead_id)
        .order((q::lead_id, q::id.desc()))
        .select(JobRow::as_select())
        .load(conn)
        .await?;
    let mut jobs: HashMap<i64, JobRow> = jobs.into_iter().map(|j| (j.lead_id, j)).collect();
    Ok(rows
        .into_iter()
        .map(|(lead, sync)| LeadWithSync {
            job: jobs.remove(&lead.id),
            lead,
            sync,
        })
        .collect())
}
