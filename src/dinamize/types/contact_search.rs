//! `POST /emkt/contact/search`: one page of a list's contacts, filtered and sorted.

use serde::{Deserialize, Serialize};

use super::common::{Order, SearchFilter, StatusContact};
use super::contact::Contact;
use crate::dinamize::call::{Body, DinamizeCall};
use crate::dinamize::de;
use crate::dinamize::error::DinamizeError;

/// `POST /emkt/contact/search`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactSearchRequest {
    /// The list searched (required).
    #[serde(rename = "contact-list_code")]
    pub contact_list_code: String,
    /// 1-based page, sent as a string.
    #[serde(serialize_with = "de::as_string")]
    pub page_number: u32,
    /// Page size (up to 10 000), sent as a string.
    #[serde(serialize_with = "de::as_string")]
    pub page_size: u32,
    /// Resting filter; omitted when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_contact: Option<StatusContact>,
    /// Conditions, ANDed; omitted when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub search: Vec<SearchFilter>,
    /// Sort keys; omitted when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<Order>,
    /// A segmentation code; omitted when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_filter: Option<String>,
}

impl ContactSearchRequest {
    /// First page of `list` with the default page size and no filter.
    pub fn new(list: impl Into<String>) -> Self {
        Self {
            contact_list_code: list.into(),
            page_number: super::FIRST_PAGE,
            page_size: super::DEFAULT_PAGE_SIZE,
            status_contact: None,
            search: Vec::new(),
            order: Vec::new(),
            custom_filter: None,
        }
    }

    /// Search `list` for the contact with this e-mail.
    pub fn by_email(list: impl Into<String>, email: impl Into<String>) -> Self {
        Self {
            search: vec![SearchFilter::email_is(email)],
            ..Self::new(list)
        }
    }
}

/// One page of contacts. There is no total count, only `next`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ContactSearchResponse {
    /// The contacts of this page.
    #[serde(default, deserialize_with = "de::vec_or_null")]
    pub items: Vec<Contact>,
    /// Whether another page follows.
    #[serde(default, deserialize_with = "de::bool_any")]
    pub next: bool,
}

/// Answered with one page of contacts.
impl DinamizeCall for ContactSearchRequest {
    const PATH: &'static str = "/emkt/contact/search";
    const NAME: &'static str = "contact_search";
    type Response = ContactSearchResponse;

    fn body(&self) -> Result<Body, DinamizeError> {
        Body::json(self)
    }
}
