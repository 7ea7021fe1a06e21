//! The Dinamize simulator: a real HTTP server with in-memory state that speaks the contract of
//! `docs/dinamize-api.md` (auth and token expiry, the per-client-code limit, contacts, lists,
//! fields, bulk import), injects faults and journals every request. Started in-process by
//! [`start`] or as `dinamize-sync simulate` through [`cli::run`].

pub mod cli;
pub mod clock;
pub mod codes;
pub mod config;
pub mod data;
pub mod envelope;
pub mod faults;
pub mod journal;
pub mod layout;
pub mod limit;
pub mod params;
mod routes;
pub mod server;
pub mod state;
pub mod tokens;

pub use codes::SimCodes;
pub use config::{Account, DuplicatePolicy, Language, SimConfig};
pub use faults::{FaultPatch, FaultSettings};
pub use journal::JournalEntry;
pub use layout::{FieldOption, FieldSeed, ListSeed};
pub use server::{SimHandle, start};
pub use state::SimState;
