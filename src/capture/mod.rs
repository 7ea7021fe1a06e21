//! Capture from the CRM's own leads table: a trigger installed on a table the operator names
//! copies each insert, update and delete into the service's `crm_leads` (where the service's
//! own capture trigger enqueues the sync), in the CRM's transaction, through a column mapping.

pub mod install;
pub mod mapping;
pub mod sql;

pub use install::{Installed, check, install, uninstall};
pub use mapping::{CaptureMapping, MappingError, TableName};
