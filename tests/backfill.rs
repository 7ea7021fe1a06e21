//! Backfill through Dinamize's bulk import, end to end on real PostgreSQL, Redis and the
//! simulator: every lead imported and its code stored (later changes are updates, unchanged
//! leads make no call), refused rows on their lead, one run per company, a run killed in the
//! middle and resumed by another instance, and changes made while it goes.

mod common;

#[path = "backfill/cli.rs"]
mod cli;
#[path = "backfill/flow.rs"]
mod flow;
#[path = "backfill/helpers.rs"]
mod helpers;
#[path = "sync_ops/ops.rs"]
mod ops;
#[path = "backfill/resume.rs"]
mod resume;
#[allow(dead_code)] // Shared with tests/sync.rs, which uses the rest.
#[path = "sync/support.rs"]
mod support;
