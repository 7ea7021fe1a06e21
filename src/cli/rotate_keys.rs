//! `dinamize-sync rotate-keys`: re-encrypt every stored secret under the current key.

use crate::config::Config;
use crate::rotation::rotate_keys as rotate;

/// Re-encrypts passwords, tokens and their Redis copies; returns the exit code (1 when any
/// secret could not be re-encrypted, e.g. its key is not configured any more).
pub fn rotate_keys(config: Config) -> u8 {
    let system = actix_web::rt::System::new();
    match system.block_on(rotate(&config)) {
        Ok(report) => {
            log::info!(
                "re-encrypted under key {}: {} passwords, {} tokens, {} Redis copies; {} already current",
                report.key_id,
                report.passwords,
                report.tokens,
                report.redis_entries,
                report.already_current
            );
            for failure in &report.failures {
                log::error!("not re-encrypted: {failure}");
            }
            if let Some(error) = &report.redis_error {
                log::error!("Redis copies not re-encrypted: {error}");
            }
            u8::from(!report.is_complete())
        }
        Err(error) => {
            log::error!("key rotation failed: {error}");
            1
        }
    }
}
