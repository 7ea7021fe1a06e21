//! The `dinamize-sync` command line.

mod args;
mod migrate;
mod rotate_keys;
mod serve;
mod sync;
mod sync_wait;
mod token;

pub use args::{Cli, Command, TokenArgs};
pub use migrate::migrate;
pub use rotate_keys::rotate_keys;
pub use serve::serve;
pub use sync::{SyncArgs, sync};
pub use token::token;
