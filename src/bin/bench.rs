//! The benchmark binary: see `dinamize_sync::bench` and `shared/BENCH.md`.

fn main() -> std::process::ExitCode {
    dinamize_sync::bench::main()
}
