//! The lead sync: mapping a lead to its Dinamize contact, the PostgreSQL job queue, the
//! dispatcher that hands jobs out fairly and within each account's limit, and the
//! SyncSupervisor with its workers.

pub mod mapping;

pub use mapping::{FieldMapping, LeadFields, MappedContact, MappingError};
