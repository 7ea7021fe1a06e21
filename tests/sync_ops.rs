//! Sync operations for admins, end to end on real PostgreSQL, Redis and the simulator: the
//! `/api/dinamize/sync/*` routes and their role check, resync runs (dry and real, across a
//! restart, one at a time), retries, the retention sweeper and the incremental schedule with
//! an injected clock, and the `sync` command as a process.

mod common;

#[path = "sync_ops/cli.rs"]
mod cli;
#[path = "sync_ops/housekeeping.rs"]
mod housekeeping;
#[path = "sync_ops/ops.rs"]
mod ops;
#[path = "sync_ops/retry.rs"]
mod retry;
#[path = "sync_ops/routes.rs"]
mod routes;
#[path = "sync_ops/runs.rs"]
mod runs;
#[allow(dead_code)] // Shared with tests/sync.rs, which uses the rest.
#[path = "sync/support.rs"]
mod support;
