//! The `dinamize-sync` command line.

mod args;
mod calibrate;
mod capture;
mod migrate;
mod rotate_keys;
mod serve;
mod token;

pub use args::{CaptureCommand, CaptureInstallArgs, Cli, Command, TokenArgs};
pub use calibrate::{CalibrateArgs, CodeName, Report, StepRecord, calibrate};
pub use capture::capture;
pub use migrate::migrate;
pub use rotate_keys::rotate_keys;
pub use serve::serve;
pub use token::token;
