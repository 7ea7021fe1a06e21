//! `dinamize-sync migrate`.

use crate::config::Config;
use crate::startup::prepare_database;

/// Creates the database if needed and applies pending migrations; returns the exit code.
pub fn migrate(config: Config) -> u8 {
    let system = actix_web::rt::System::new();
    match system.block_on(prepare_database(&config)) {
        Ok(()) => {
            log::info!("database is up to date");
            0
        }
        Err(error) => {
            log::error!("migration failed: {error}");
            1
        }
    }
}
