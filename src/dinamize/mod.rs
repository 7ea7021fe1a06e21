//! The Dinamize HTTP client: typed requests and responses, one envelope decoder, typed errors
//! and the retry decision. Depends on nothing from actix, diesel or redis.

pub mod codes;
