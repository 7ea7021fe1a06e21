//! The `dinamize-sync` command line.

mod args;
mod migrate;
mod serve;
mod token;

pub use args::{Cli, Command, TokenArgs};
pub use migrate::migrate;
pub use serve::serve;
pub use token::token;
