//! Logging: `log` + `env_logger`, filtered by `RUST_LOG` (default `info`).

/// Installs the logger once; later calls are ignored (tests start many apps in one process).
pub fn init() {
    let env = env_logger::Env::default().default_filter_or("info");
    let _ = env_logger::Builder::from_env(env)
        .format_timestamp_millis()
        .try_init();
}
