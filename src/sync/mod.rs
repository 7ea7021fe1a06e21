//! The lead sync: mapping a lead to its Dinamize contact, the PostgreSQL job queue, the
//! dispatcher that hands jobs out fairly and within each account's limit, and the
//! SyncSupervisor with its workers; resync runs, the schedule, retention and the admins' view
//! of the queue.

pub mod admin;
pub mod backfill;
pub mod dispatcher;
pub mod handle;
pub mod handler;
pub mod housekeeping;
pub mod in_flight;
pub mod job;
pub mod lead;
pub mod mapping;
pub mod queue;
pub mod recorder;
pub mod retention;
pub mod ring;
pub mod runs;
pub mod schedule;
pub mod supervisor;
pub mod transition;
pub mod wake;
pub mod worker;

pub use handle::SyncHandle;
pub use handler::{JobHandler, SharedHandler};
pub use lead::LeadSyncHandler;
pub use mapping::{LeadFields, MappedContact};
