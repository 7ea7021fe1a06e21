//! One enum of every call the service makes with a token, and one of their answers, so that an
//! actor can carry any call in one message (`DinamizeClient::send`).

use super::types::{
    AffectedRows, Contact, ContactAddRequest, ContactAddResponse, ContactListSearchRequest,
    ContactListSearchResponse, ContactRef, ContactSearchRequest, ContactSearchResponse,
    ContactUpdateRequest, FieldLovSearchRequest, FieldLovSearchResponse, FieldSearchRequest,
    FieldSearchResponse, ImportGetRequest, ImportRequest, ImportResponse, ImportStatus,
};

/// The API paths, exactly as Dinamize spells them.
pub mod paths {
    /// Login.
    pub const AUTH: &str = "/auth";
    /// Contact search.
    pub const CONTACT_SEARCH: &str = "/emkt/contact/search";
    /// Contact creation.
    pub const CONTACT_ADD: &str = "/emkt/contact/add";
    /// One contact.
    pub const CONTACT_GET: &str = "/emkt/contact/get";
    /// Contact change.
    pub const CONTACT_UPDATE: &str = "/emkt/contact/update";
    /// Contact removal.
    pub const CONTACT_DELETE: &str = "/emkt/contact/delete";
    /// Contact lists.
    pub const CONTACT_LIST_SEARCH: &str = "/emkt/contact-list/search";
    /// Custom fields.
    pub const FIELD_SEARCH: &str = "/emkt/field/search";
    /// Options of list-of-values fields.
    pub const FIELD_LOV_SEARCH: &str = "/emkt/field-lov/search";
    /// Bulk import (multipart).
    pub const IMPORT: &str = "/emkt/contact";
    /// Import status.
    pub const IMPORT_GET: &str = "/emkt/import/get";
}

/// A call made with a token.
#[derive(Debug, Clone, PartialEq)]
pub enum DinamizeRequest {
    /// `POST /emkt/contact/search`.
    ContactSearch(ContactSearchRequest),
    /// `POST /emkt/contact/add`.
    ContactAdd(ContactAddRequest),
    /// `POST /emkt/contact/get`.
    ContactGet(ContactRef),
    /// `POST /emkt/contact/update`.
    ContactUpdate(ContactUpdateRequest),
    /// `POST /emkt/contact/delete`.
    ContactDelete(ContactRef),
    /// `POST /emkt/contact-list/search`.
    ContactListSearch(ContactListSearchRequest),
    /// `POST /emkt/field/search`.
    FieldSearch(FieldSearchRequest),
    /// `POST /emkt/field-lov/search`.
    FieldLovSearch(FieldLovSearchRequest),
    /// `POST /emkt/contact` (multipart bulk import).
    Import(ImportRequest),
    /// `POST /emkt/import/get`.
    ImportGet(ImportGetRequest),
}

impl DinamizeRequest {
    /// The path the call is posted to.
    pub fn path(&self) -> &'static str {
        match self {
            DinamizeRequest::ContactSearch(_) => paths::CONTACT_SEARCH,
            DinamizeRequest::ContactAdd(_) => paths::CONTACT_ADD,
            DinamizeRequest::ContactGet(_) => paths::CONTACT_GET,
            DinamizeRequest::ContactUpdate(_) => paths::CONTACT_UPDATE,
            DinamizeRequest::ContactDelete(_) => paths::CONTACT_DELETE,
            DinamizeRequest::ContactListSearch(_) => paths::CONTACT_LIST_SEARCH,
            DinamizeRequest::FieldSearch(_) => paths::FIELD_SEARCH,
            DinamizeRequest::FieldLovSearch(_) => paths::FIELD_LOV_SEARCH,
            DinamizeRequest::Import(_) => paths::IMPORT,
            DinamizeRequest::ImportGet(_) => paths::IMPORT_GET,
        }
    }

    /// A short stable name for logs and metrics (`contact_search`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            DinamizeRequest::ContactSearch(_) => "contact_search",
            DinamizeRequest::ContactAdd(_) => "contact_add",
            DinamizeRequest::ContactGet(_) => "contact_get",
            DinamizeRequest::ContactUpdate(_) => "contact_update",
            DinamizeRequest::ContactDelete(_) => "contact_delete",
            DinamizeRequest::ContactListSearch(_) => "contact_list_search",
            DinamizeRequest::FieldSearch(_) => "field_search",
            DinamizeRequest::FieldLovSearch(_) => "field_lov_search",
            DinamizeRequest::Import(_) => "import",
            DinamizeRequest::ImportGet(_) => "import_get",
        }
    }
}

/// The answer to a [`DinamizeRequest`], same variant name.
#[derive(Debug, Clone, PartialEq)]
pub enum DinamizeResponse {
    /// One page of contacts.
    ContactSearch(ContactSearchResponse),
    /// The new contact's code.
    ContactAdd(ContactAddResponse),
    /// The contact.
    ContactGet(Contact),
    /// Rows changed.
    ContactUpdate(AffectedRows),
    /// Rows removed.
    ContactDelete(AffectedRows),
    /// One page of lists.
    ContactListSearch(ContactListSearchResponse),
    /// One page of fields.
    FieldSearch(FieldSearchResponse),
    /// One page of options.
    FieldLovSearch(FieldLovSearchResponse),
    /// The import's code.
    Import(ImportResponse),
    /// The import's status.
    ImportGet(ImportStatus),
}
