//! The benchmark binary's scenarios (`shared/BENCH.md`): each prints one JSON line. Run as
//! `cargo run --release --bin bench -- [scenario…] [--redis-url URL] [--guard-ms N]`.

pub mod backfill;
pub mod cli;
pub mod decisions;
pub mod enqueue;
pub mod fleet;
pub mod http;
pub mod leads;
pub mod noop;
pub mod ratelimit;
pub mod ratelimit_direct;
pub mod receiver;
pub mod receiving;
pub mod report;
pub mod retry;
pub mod rss;
pub mod service;
pub mod stage;
pub mod target;
pub mod windows;
pub mod worker;

pub use cli::{BenchArgs, main};
