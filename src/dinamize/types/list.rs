//! `POST /emkt/contact-list/search`: the account's contact lists.

use serde::{Deserialize, Serialize};

use super::common::Order;
use crate::dinamize::call::{Body, DinamizeCall};
use crate::dinamize::de;
use crate::dinamize::error::DinamizeError;

/// `POST /emkt/contact-list/search`. Every field is optional: `Default` sends `{}` and lets
/// the API apply its own paging.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ContactListSearchRequest {
    /// 1-based page, sent as a string; omitted when `None`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "opt_as_string"
    )]
    pub page_number: Option<u32>,
    /// Page size, sent as a string; omitted when `None`.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "opt_as_string"
    )]
    pub page_size: Option<u32>,
    /// Sort keys; omitted when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<Order>,
}

impl ContactListSearchRequest {
    /// Page `number` (1-based) of `size` lists.
    pub fn page(number: u32, size: u32) -> Self {
        Self {
            page_number: Some(number),
            page_size: Some(size),
            order: Vec::new(),
        }
    }
}

/// Answered with one page of lists.
impl DinamizeCall for ContactListSearchRequest {
    const PATH: &'static str = "/emkt/contact-list/search";
    const NAME: &'static str = "contact_list_search";
    type Response = ContactListSearchResponse;

    fn body(&self) -> Result<Body, DinamizeError> {
        Body::json(self)
    }
}

fn opt_as_string<S: serde::Serializer>(value: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => de::as_string(v, s),
        None => s.serialize_none(),
    }
}

/// One contact list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactList {
    /// The list code.
    #[serde(deserialize_with = "de::string")]
    pub code: String,
    /// Its title.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub title: Option<String>,
}

/// One page of lists.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ContactListSearchResponse {
    /// The lists of this page.
    #[serde(default, deserialize_with = "de::vec_or_null")]
    pub items: Vec<ContactList>,
    /// Whether another page follows (`false` when absent).
    #[serde(default, deserialize_with = "de::bool_any")]
    pub next: bool,
}
