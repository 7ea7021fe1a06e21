//! Typed requests and answers of every Dinamize call, one file per group of endpoints; each
//! request type implements `DinamizeCall` beside its definition.

pub mod auth;
pub mod common;
pub mod contact;
pub mod contact_add;
pub mod contact_search;
pub mod field;
pub mod import;
pub mod list;

pub use auth::{AuthRequest, AuthResponse};
pub use common::{
    CustomFields, DEFAULT_PAGE_SIZE, FIRST_PAGE, FieldValue, MAX_PAGE_SIZE, Operator, Order,
    OrderType, SearchFilter, StatusContact,
};
pub use contact::{
    AffectedRows, Contact, ContactDeleteRequest, ContactGetRequest, ContactRef,
    ContactUpdateRequest,
};
pub use contact_add::{ContactAddRequest, ContactAddResponse};
pub use contact_search::{ContactSearchRequest, ContactSearchResponse};
pub use field::{
    Field, FieldLovSearchRequest, FieldLovSearchResponse, FieldOption, FieldSearchRequest,
    FieldSearchResponse,
};
pub use import::{
    FileColumn, ImportGetRequest, ImportParameters, ImportRequest, ImportResponse, ImportStatus,
};
pub use list::{ContactList, ContactListSearchRequest, ContactListSearchResponse};

#[cfg(test)]
mod tests;
