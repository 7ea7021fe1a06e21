//! `dinamize-sync calibrate`: learns, from a real Dinamize account, the codes the public
//! material does not give, records every raw answer (secrets redacted) and prints the
//! `DINAMIZE_CODE_*` lines for `.env`.

mod args;
mod probe;
mod report;
mod run;
mod steps;

pub use args::CalibrateArgs;
pub use report::{CodeName, Report, StepRecord};
pub use run::calibrate;
