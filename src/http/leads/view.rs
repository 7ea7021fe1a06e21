//! A lead as the API shows it, with where its sync stands.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::leads::LeadWithSync;

/// A lead and its sync.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeadView {
    pub id: i64,
    pub company_id: i64,
    pub email: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub external_code: Option<String>,
    /// The lead's other fields; the account's `field_mapping` sends some of them to `cmpN`.
    #[schema(value_type = Object)]
    pub custom_fields: Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Set when the lead is soft-deleted (its contact's removal is then synced).
    pub deleted_at: Option<DateTime<Utc>>,
    pub sync: SyncView,
}

/// Where a lead's Dinamize contact stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct SyncView {
    /// `pending` (a job waits or runs), `synced`, `failed`, or `not_synced` (never captured).
    #[schema(example = "pending")]
    pub status: String,
    /// The Dinamize contact, once known.
    pub contact_code: Option<String>,
    /// Attempts spent by the lead's latest job (`null`: no job yet).
    pub attempts: Option<i32>,
    /// The latest job: `queued`, `processing`, `completed` or `failed`.
    pub job_status: Option<String>,
    /// The latest job's operation: `create`, `update` or `delete`.
    pub operation: Option<String>,
    /// When the latest job runs next, while it waits (`queued`).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The last failure, in words.
    pub last_error: Option<String>,
    /// Failed attempts since the last success.
    pub error_count: i32,
    /// The last success (`last_successful_sync_at`).
    pub last_success: Option<DateTime<Utc>>,
    /// The last attempt, successful or not.
    pub last_sync: Option<DateTime<Utc>>,
}

impl From<LeadWithSync> for LeadView {
    fn from(row: LeadWithSync) -> Self {
        let LeadWithSync { lead, sync, job } = row;
        let waiting = job.as_ref().filter(|j| j.status == "queued");
        let sync = SyncView {
            status: sync
                .as_ref()
                .map_or("not_synced".into(), |s| s.status.clone()),
            contact_code: sync.as_ref().and_then(|s| s.contact_code.clone()),
            attempts: job.as_ref().map(|j| j.attempts),
            job_status: job.as_ref().map(|j| j.status.clone()),
            operation: job.as_ref().map(|j| j.operation.clone()),
            next_attempt_at: waiting.map(|j| j.next_attempt_at),
            last_error: sync
                .as_ref()
                .and_then(|s| s.last_error.clone())
                .or_else(|| job.as_ref().and_then(|j| j.last_error.clone())),
            error_count: sync.as_ref().map_or(0, |s| s.error_count),
            last_success: sync.as_ref().and_then(|s| s.last_successful_sync_at),
            last_sync: sync.as_ref().and_then(|s| s.last_sync_at),
        };
        Self {
            id: lead.id,
            company_id: lead.company_id,
            email: lead.email,
            name: lead.name,
            phone: lead.phone,
            external_code: lead.external_code,
            custom_fields: lead.custom_fields,
            created_at: lead.created_at,
            updated_at: lead.updated_at,
            deleted_at: lead.deleted_at,
            sync,
        }
    }
}
