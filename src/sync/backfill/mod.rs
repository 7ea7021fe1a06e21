//! Backfill: a company's existing leads sent through Dinamize's bulk import instead of one
//! request each. A run (`mode: backfill`, or a `full` run of more than
//! `SYNC_IMPORT_THRESHOLD` leads) exports the live leads in chunks of
//! `SYNC_IMPORT_CHUNK_ROWS`, mapped as the sync job maps them; each chunk is one import,
//! polled with `/emkt/import/get` until done; then the list is read back (pages of 10 000)
//! and each lead's contact code is stored with the fingerprint of what was sent, so later
//! changes are updates and unchanged leads make no call. Every call goes through the
//! `ApiClientActor` on the background lane. Jobs captured while the run goes are held and
//! released when it ends, to send the changes made meanwhile; rows Dinamize refuses are
//! marked failed on their lead with the reason. The run row holds the phase and a lease, so
//! any instance resumes a run whose process died.

mod calls;
mod csv;
mod execute;
mod export;
mod lease;
mod start;
mod status;
mod store;
mod watch;

pub use execute::Backfiller;
pub use start::{insert_run, live_leads};
pub use store::HELD;
pub use watch::watch;
