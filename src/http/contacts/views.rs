//! What the contact endpoints answer: clean JSON with typed fields, not Dinamize's envelope.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::dinamize::{Contact, ContactSearchResponse};

/// One Dinamize contact.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactView {
    /// Dinamize's contact code.
    pub code: String,
    pub email: Option<String>,
    pub name: Option<String>,
    pub external_code: Option<String>,
    /// `YYYY-MM-DD HH:MM:SS` as Dinamize gives it.
    pub insert_date: Option<String>,
    /// `V` valid or `I` invalid.
    pub status: Option<String>,
    pub optout: Option<bool>,
    pub spam: Option<bool>,
    /// `cmpN` → a string, a number or an array (multi-value fields).
    #[schema(value_type = Object)]
    pub custom_fields: BTreeMap<String, Value>,
}

impl From<Contact> for ContactView {
    fn from(contact: Contact) -> Self {
        let custom_fields = contact
            .custom_fields
            .into_iter()
            .map(|(key, value)| (key, serde_json::to_value(value).unwrap_or(Value::Null)))
            .collect();
        Self {
            code: contact.code,
            email: contact.email,
            name: contact.name,
            external_code: contact.external_code,
            insert_date: contact.insert_date,
            status: contact.status,
            optout: contact.optout,
            spam: contact.spam,
            custom_fields,
        }
    }
}

/// One page of a search. Dinamize gives no total: `next` says whether another page exists.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactPage {
    pub items: Vec<ContactView>,
    pub page_number: u32,
    pub page_size: u32,
    pub next: bool,
}

impl ContactPage {
    /// The page `page_number` of size `page_size`.
    pub fn new(response: ContactSearchResponse, page_number: u32, page_size: u32) -> Self {
        Self {
            items: response.items.into_iter().map(ContactView::from).collect(),
            page_number,
            page_size,
            next: response.next,
        }
    }
}

/// A contact just created.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedContact {
    /// The new contact's code.
    pub code: String,
}

/// The result of an update or a delete.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactChange {
    pub code: String,
    /// Rows Dinamize reports changed, when it reports them.
    pub affected_rows: Option<u64>,
}
