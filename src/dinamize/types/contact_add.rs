//! `POST /emkt/contact/add`: creates a contact in a list. The one call that creates, so the
//! one whose lost answer is recovered by searching the list for its e-mail.

use serde::{Deserialize, Serialize};

use super::common::CustomFields;
use super::contact_search::{ContactSearchRequest, ContactSearchResponse};
use crate::dinamize::call::{Body, DinamizeCall};
use crate::dinamize::de;
use crate::dinamize::error::DinamizeError;

/// `POST /emkt/contact/add`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactAddRequest {
    /// E-mail (required).
    pub email: String,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Target list (required).
    #[serde(rename = "contact-list_code")]
    pub contact_list_code: String,
    /// Custom fields; omitted when empty.
    #[serde(skip_serializing_if = "CustomFields::is_empty")]
    pub custom_fields: CustomFields,
    /// The caller's own id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_code: Option<String>,
    /// Rest date (`YYYY-MM-DD`), as the API spells it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_rest: Option<String>,
}

/// The answer to an add: the new contact's code.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ContactAddResponse {
    /// The new contact code.
    #[serde(deserialize_with = "de::string")]
    pub code: String,
}

/// Answered with the new contact's code; a lost answer is found by the add's e-mail.
impl DinamizeCall for ContactAddRequest {
    const PATH: &'static str = "/emkt/contact/add";
    const NAME: &'static str = "contact_add";
    type Response = ContactAddResponse;

    fn body(&self) -> Result<Body, DinamizeError> {
        Body::json(self)
    }

    fn lookup(&self) -> Option<ContactSearchRequest> {
        Some(ContactSearchRequest::by_email(
            &self.contact_list_code,
            &self.email,
        ))
    }

    /// The contact of the page with the add's e-mail (trimmed, any case).
    fn found(&self, page: ContactSearchResponse) -> Option<ContactAddResponse> {
        let wanted = self.email.trim();
        page.items
            .into_iter()
            .find(|c| {
                c.email
                    .as_deref()
                    .is_some_and(|e| e.trim().eq_ignore_ascii_case(wanted))
            })
            .map(|c| ContactAddResponse { code: c.code })
    }
}
