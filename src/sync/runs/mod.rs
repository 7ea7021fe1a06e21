//! Resync runs: a company's selected leads enqueued together (one transaction) and followed
//! to the end, or counted without sending anything (a dry run); one manual lead sync.

mod begin;
mod dry;
mod lead;
mod mode;
mod start;
mod store;
mod verdict;

pub use begin::begin;
pub(crate) use dry::{BATCH, contexts};
pub use dry::{INVALID_LISTED, dry_run};
pub use lead::{MANUAL_PRIORITY, enqueue_lead};
pub use mode::RunMode;
pub(crate) use start::refused;
pub use start::{StartError, StartRequest, start};
pub use store::{Run, finish_completed, get, list, running_of};
pub use verdict::{InvalidLead, Tally, Verdict, verdict};
