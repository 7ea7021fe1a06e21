//! The `dinamize-sync` command line.

mod args;
mod calibrate;
mod migrate;
mod rotate_keys;
mod serve;
mod token;

pub use args::{Cli, Command, TokenArgs};
pub use calibrate::{CalibrateArgs, CodeName, Report, StepRecord, calibrate};
pub use migrate::migrate;
pub use rotate_keys::rotate_keys;
pub use serve::serve;
pub use token::token;
