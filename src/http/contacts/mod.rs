//! `/api/dinamize/contacts/*`: the CRM frontend's window on Dinamize contacts. Every call goes
//! through the `ApiClientActor` on the interactive lane.

pub mod bodies;
mod call;
mod create;
mod delete;
pub mod docs;
pub mod fields;
mod get;
mod search;
mod target;
mod update;
pub mod views;

pub use create::{__path_create_contact, create_contact};
pub use delete::{__path_delete_contact, delete_contact};
pub use get::{__path_get_contact, get_contact};
pub use search::{__path_search_contacts, search_contacts};
pub use update::{__path_update_contact, update_contact};
