//! `/api/leads`: the CRM's leads of the caller's company (any role). The routes only write
//! `crm_leads`; the capture trigger enqueues each write's sync in the same transaction.

mod answers;
pub mod body;
mod create;
mod delete;
pub mod docs;
mod get;
mod list;
pub mod query;
mod update;
pub mod view;

pub use create::{__path_create_lead, create_lead};
pub use delete::{__path_delete_lead, delete_lead};
pub use get::{__path_get_lead, get_lead};
pub use list::{__path_list_leads, list_leads};
pub use update::{__path_update_lead, update_lead};
