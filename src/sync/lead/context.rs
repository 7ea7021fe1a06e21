//! Everything one lead sync job needs, read in one query when the job runs (jobs carry ids
//! only, so a job always sends the lead's latest state).

use diesel::QueryableByName;
use diesel::sql_types::{Bool, Int8, Jsonb, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;

use crate::db::cached_sql::cached_sql;

/// A lead, its sync row and its company's account, as one row.
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct LeadContext {
    /// The company.
    #[diesel(sql_type = Int8)]
    pub company_id: i64,
    /// The lead's id (the row may be gone).
    #[diesel(sql_type = Int8)]
    pub lead_id: i64,
    /// The contact code stored by the last success.
    #[diesel(sql_type = Nullable<Text>)]
    pub contact_code: Option<String>,
    /// The list the contact was last written to.
    #[diesel(sql_type = Nullable<Text>)]
    pub synced_list: Option<String>,
    /// The fingerprint of what the contact last received.
    #[diesel(sql_type = Nullable<Text>)]
    pub synced_fingerprint: Option<String>,
    /// The lead's e-mail as last captured (for a deleted lead, its last e-mail).
    #[diesel(sql_type = Nullable<Text>)]
    pub last_email: Option<String>,
    /// Whether the lead exists and is not soft-deleted.
    #[diesel(sql_type = Bool)]
    pub live: bool,
    /// The lead's fields (NULL when the row is gone).
    #[diesel(sql_type = Nullable<Text>)]
    pub email: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub phone: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub external_code: Option<String>,
    #[diesel(
        sql_type = Nullable<Jsonb>,
        deserialize_as = crate::db::lenient_json::LenientNullableJson
    )]
    pub custom_fields: Option<Value>,
    /// Whether the company has an active Dinamize account.
    #[diesel(sql_type = Bool)]
    pub has_account: bool,
    /// The list leads go to.
    #[diesel(sql_type = Nullable<Text>)]
    pub default_list_code: Option<String>,
    /// Lead field → `cmpN`.
    #[diesel(sql_type = Nullable<Jsonb>)]
    pub field_mapping: Option<Value>,
}

#[cfg(test)]
impl LeadContext {
    /// A live, never-synced lead of company 1 with `email`, whose company has list 1 and an
    /// empty mapping: the starting point of the plan and dry-run tests.
    pub fn sample(email: &str) -> Self {
        Self {
            company_id: 1,
            lead_id: 7,
            contact_code: None,
            synced_list: None,
            synced_fingerprint: None,
            last_email: Some(email.into()),
            live: true,
            email: Some(email.into()),
            name: Some("A".into()),
            phone: None,
            external_code: None,
            custom_fields: Some(serde_json::json!({})),
            has_account: true,
            default_list_code: Some("1".into()),
            field_mapping: Some(serde_json::json!({})),
        }
    }
}

/// Loads the context of sync row `lead_sync_id`; `None` when the row is gone.
pub async fn load(
    conn: &mut AsyncPgConnection,
    lead_sync_id: i64,
) -> diesel::QueryResult<Option<LeadContext>> {
    let mut rows: Vec<LeadContext> = cached_sql(
        "SELECT s.company_id, s.lead_id, s.contact_code, s.list_code AS synced_list, \
             s.synced_fingerprint, s.last_email, \
             (l.id IS NOT NULL AND l.deleted_at IS NULL) AS live, \
             l.email, l.name, l.phone, l.external_code, l.custom_fields, \
             (a.company_id IS NOT NULL) AS has_account, a.default_list_code, a.field_mapping \
         FROM crm_lead_sync s \
         LEFT JOIN crm_leads l ON l.id = s.lead_id \
         LEFT JOIN crm_dinamize_accounts a ON a.company_id = s.company_id AND a.active \
         WHERE s.id = $1",
    )
    .bind::<Int8, _>(lead_sync_id)
    .load(conn)
    .await?;
    Ok(rows.pop())
}
