//! `dinamize-sync serve`.

use crate::config::Config;
use crate::startup::{Application, prepare_database};

/// Prepares the database, starts the service and serves until SIGTERM; returns the exit code.
pub fn serve(config: Config) -> u8 {
    warn_about_development_defaults(&config);
    let system = actix_web::rt::System::new();
    let outcome = system.block_on(async move {
        prepare_database(&config).await?;
        let app = Application::build(config).await?;
        app.run_until_stopped().await?;
        Ok::<_, Box<dyn std::error::Error>>(())
    });
    match outcome {
        Ok(()) => {
            log::info!("stopped");
            0
        }
        Err(error) => {
            log::error!("cannot start: {error}");
            // At once: actors started before the error would otherwise be dropped with the
            // runtime, and actix polls a dropped actor one last time, outside any runtime (a
            // panic after this line).
            std::process::exit(1)
        }
    }
}

fn warn_about_development_defaults(config: &Config) {
    if config.crypto.development_key {
        log::warn!(
            "ENCRYPT_TOKEN_KEY is not set: using the development key (embedded simulator only)"
        );
    }
    if config.jwt.development_secret {
        log::warn!("JWT_SECRET is not set: using the development secret (embedded simulator only)");
    }
}
