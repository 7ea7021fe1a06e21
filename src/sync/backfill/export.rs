//! The export: the company's account (list and field mapping) and the next chunk of its live
//! leads in id order, each mapped by the sync job's own `plan()`, so a backfilled contact
//! holds exactly what the job would have sent. A lead whose contact already holds its state
//! is not sent.

use diesel::QueryableByName;
use diesel::sql_types::{Int8, Jsonb, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;

use super::store::Sent;
use crate::accounts::FieldMapping;
use crate::sync::lead::{Plan, plan};
use crate::sync::mapping::MappedContact;
use crate::sync::runs::{BATCH, RunMode, contexts};

/// Where the company's contacts go.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The list.
    pub list: String,
    /// The mapped custom fields (`cmpN`), in column order.
    pub custom: Vec<String>,
}

#[derive(QueryableByName)]
struct Account {
    #[diesel(sql_type = Nullable<Text>)]
    default_list_code: Option<String>,
    #[diesel(sql_type = Jsonb)]
    field_mapping: Value,
}

/// The company's list and mapping; `Err` names what is missing (the run cannot go on).
pub async fn target(
    conn: &mut AsyncPgConnection,
    company: i64,
) -> diesel::QueryResult<Result<Target, String>> {
    let mut rows: Vec<Account> = diesel::sql_query(
        "SELECT default_list_code, field_mapping FROM crm_dinamize_accounts \
         WHERE company_id = $1 AND active",
    )
    .bind::<Int8, _>(company)
    .load(conn)
    .await?;
    let Some(account) = rows.pop() else {
        return Ok(Err(format!(
            "company {company} has no active Dinamize account"
        )));
    };
    let Some(list) = account.default_list_code.filter(|l| !l.is_empty()) else {
        return Ok(Err(format!(
            "company {company} has no default list code (set default_list_code on its account)"
        )));
    };
    let mapping = FieldMapping::from_stored(&account.field_mapping);
    let mut custom: Vec<String> = mapping.0.into_values().collect();
    custom.sort_by_key(|code| code.trim_start_matches("cmp").parse::<u32>().unwrap_or(0));
    Ok(Ok(Target { list, custom }))
}

/// One chunk of leads.
#[derive(Debug, Default)]
pub struct Chunk {
    /// What is sent of each lead.
    pub sent: Vec<Sent>,
    /// The contacts, in the same order.
    pub contacts: Vec<MappedContact>,
    /// Leads whose contact already holds their state.
    pub unchanged: i32,
    /// The last lead id of the chunk (the next chunk starts after it).
    pub through: i64,
    /// Leads the chunk covers.
    pub leads: usize,
}

/// The next chunk of at most `rows` live leads of `company` after lead id `after`.
pub async fn next_chunk(
    conn: &mut AsyncPgConnection,
    company: i64,
    after: i64,
    rows: usize,
) -> diesel::QueryResult<Chunk> {
    let mut chunk = Chunk {
        through: after,
        ..Chunk::default()
    };
    while chunk.leads < rows {
        let batch = contexts(conn, company, RunMode::Full, chunk.through).await?;
        let full = batch.len() as i64 == BATCH;
        for ctx in batch.iter().take(rows - chunk.leads) {
            chunk.leads += 1;
            chunk.through = ctx.lead_id;
            match plan(ctx) {
                Plan::Upsert {
                    contact,
                    fingerprint,
                    ..
                } => {
                    chunk.sent.push(Sent {
                        lead_id: ctx.lead_id,
                        email: contact.email.clone(),
                        fingerprint,
                    });
                    chunk.contacts.push(contact);
                }
                Plan::Nothing(_) => chunk.unchanged += 1,
                // The account is checked before the export; a lead deleted meanwhile has
                // its own (held) job.
                Plan::NotConfigured(_) | Plan::Delete { .. } => {}
            }
        }
        if !full {
            break;
        }
    }
    Ok(chunk)
}
