//! A lead's rows: the lead itself, its sync row (`crm_lead_sync`) and its latest job
//! (`crm_sync_queue`), as the store reads and writes them.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::Value;

use crate::db::schema::{crm_lead_sync, crm_leads, crm_sync_queue};

/// A lead as stored.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = crm_leads, check_for_backend(diesel::pg::Pg))]
pub struct Lead {
    /// The lead's id.
    pub id: i64,
    /// Owning company.
    pub company_id: i64,
    /// Name.
    pub name: Option<String>,
    /// E-mail (required).
    pub email: String,
    /// Phone.
    pub phone: Option<String>,
    /// The CRM's own code for the lead.
    pub external_code: Option<String>,
    /// The lead's other fields, a JSON object (the account's mapping sends some to `cmpN`).
    /// A number beyond an `f64` (written by the CRM's own SQL) is read as its digits.
    #[diesel(deserialize_as = crate::db::lenient_json::LenientJson)]
    pub custom_fields: Value,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed (deletion included).
    pub updated_at: DateTime<Utc>,
    /// When it was soft-deleted.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// A lead to insert.
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = crm_leads)]
pub struct NewLead {
    /// Owning company.
    pub company_id: i64,
    /// E-mail, checked.
    pub email: String,
    /// Name.
    pub name: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// The CRM's own code.
    pub external_code: Option<String>,
    /// A JSON object.
    pub custom_fields: Value,
}

/// A partial update: `None` keeps a column, `Some(None)` clears a nullable one.
#[derive(Debug, Clone, Default, PartialEq, AsChangeset)]
#[diesel(table_name = crm_leads)]
pub struct LeadChanges {
    /// New e-mail.
    pub email: Option<String>,
    /// New name, or cleared.
    pub name: Option<Option<String>>,
    /// New phone, or cleared.
    pub phone: Option<Option<String>>,
    /// New external code, or cleared.
    pub external_code: Option<Option<String>>,
    /// Replaces the whole object.
    pub custom_fields: Option<Value>,
}

/// The lead's sync row: where its contact stands.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = crm_lead_sync)]
pub struct SyncRow {
    /// `pending`, `synced` or `failed`.
    pub status: String,
    /// The Dinamize contact, once known.
    pub contact_code: Option<String>,
    /// The last attempt's end.
    pub last_sync_at: Option<DateTime<Utc>>,
    /// The last success.
    pub last_successful_sync_at: Option<DateTime<Utc>>,
    /// Failed attempts since the last success.
    pub error_count: i32,
    /// The last failure, in words.
    pub last_error: Option<String>,
}

/// The lead's latest job.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = crm_sync_queue)]
pub struct JobRow {
    /// The lead it syncs.
    pub lead_id: i64,
    /// `create`, `update` or `delete`.
    pub operation: String,
    /// `queued`, `processing`, `completed` or `failed`.
    pub status: String,
    /// Attempts spent.
    pub attempts: i32,
    /// When it may run (next).
    pub next_attempt_at: DateTime<Utc>,
    /// The last attempt's failure.
    pub last_error: Option<String>,
}

/// A lead with its sync row (none before its first capture) and its latest job.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadWithSync {
    /// The lead.
    pub lead: Lead,
    /// Its sync row.
    pub sync: Option<SyncRow>,
    /// Its latest job.
    pub job: Option<JobRow>,
}
