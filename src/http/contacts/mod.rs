//! `/api/dinamize/contacts/*`: the CRM frontend's window on Dinamize contacts.

pub mod bodies;
pub mod fields;
