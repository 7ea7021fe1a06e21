//! The CRM's leads (`crm_leads`) as this service's API writes and reads them, each with where
//! its sync stands. Writing a lead is all the API does: the capture trigger of the migrations
//! enqueues its sync job in the same transaction.

mod hook;
mod list;
mod model;
mod store;

pub use hook::after_write;
pub use list::{LeadFilter, SyncStatusFilter, list};
pub use model::{JobRow, Lead, LeadChanges, LeadWithSync, NewLead, SyncRow};
pub use store::{DeleteOutcome, UpdateOutcome, create, find, soft_delete, update};
