//! The benchmark binary's scenarios (`shared/BENCH.md`): each prints one JSON line. Run as
//! `cargo run --release --bin bench -- [scenario…] [--redis-url URL] [--guard-ms N]`.

pub mod cli;
pub mod decisions;
pub mod ratelimit;
pub mod receiver;
pub mod report;
pub mod target;
pub mod windows;
pub mod worker;

pub use cli::{BenchArgs, main};
