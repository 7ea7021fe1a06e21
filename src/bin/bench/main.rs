//! The benchmark binary (`shared/BENCH.md`): its scenarios, each printing one JSON line, kept
//! out of the service's library. Run as
//! `cargo run --release --bin bench -- [scenario…] [--redis-url URL] [--guard-ms N]`.

mod backfill;
mod cli;
mod decisions;
mod enqueue;
mod fleet;
mod http;
mod leads;
mod noop;
mod ratelimit;
mod ratelimit_direct;
mod receiver;
mod receiving;
mod report;
mod retry;
mod rss;
mod service;
mod stage;
mod target;
mod windows;
mod worker;

fn main() -> std::process::ExitCode {
    cli::main()
}
