//! The actors: thin shells around the logic modules.

pub mod token;
