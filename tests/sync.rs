//! The lead sync, end to end on real PostgreSQL, Redis and the simulator: capture by the
//! database, the queue's invariants (DESIGN.md 1-9, 11), crash recovery and outages.

mod common;

#[path = "sync/capture.rs"]
mod capture;
#[path = "sync/crash.rs"]
mod crash;
#[path = "sync/failures.rs"]
mod failures;
#[path = "sync/outages.rs"]
mod outages;
#[path = "sync/permit.rs"]
mod permit;
#[path = "sync/prepared.rs"]
mod prepared;
#[path = "sync/queue.rs"]
mod queue;
#[path = "sync/recorder.rs"]
mod recorder;
#[path = "sync/support.rs"]
mod support;
