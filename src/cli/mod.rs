//! The `dinamize-sync` command line.

mod args;
mod migrate;
mod serve;

pub use args::{Cli, Command};
pub use migrate::migrate;
pub use serve::serve;
