//! `crm_sync_queue` as a job queue: claiming with `FOR UPDATE SKIP LOCKED` under a lease and a
//! fence, recording each run's result in one statement (job, lead sync row and log line
//! together), giving expired leases back, finding the companies that have work waiting, and
//! counting each company's jobs by state.

mod claim;
mod counts;
mod finish;
mod reclaim;
mod waiting;

pub use claim::{claim, claim_many};
pub use counts::{CompanyQueue, counts};
pub use finish::{RunRecord, record, record_many};
pub use reclaim::{Reclaimed, reclaim_expired, release_unfinished};
pub use waiting::{WaitingCompany, waiting_companies};
