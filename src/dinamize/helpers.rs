//! Typed helpers, one per call, for callers that know which call they make.

use super::client::DinamizeClient;
use super::error::DinamizeError;
use super::request::paths;
use super::types::{
    AffectedRows, Contact, ContactAddRequest, ContactAddResponse, ContactListSearchRequest,
    ContactListSearchResponse, ContactRef, ContactSearchRequest, ContactSearchResponse,
    ContactUpdateRequest, FieldLovSearchRequest, FieldLovSearchResponse, FieldSearchRequest,
    FieldSearchResponse, ImportGetRequest, ImportRequest, ImportResponse, ImportStatus,
};

impl DinamizeClient {
    /// `POST /emkt/contact/search`: one page of contacts.
    pub async fn contact_search(
        &self,
        token: &str,
        request: &ContactSearchRequest,
    ) -> Result<ContactSearchResponse, DinamizeError> {
        self.post_json(paths::CONTACT_SEARCH, Some(token), request)
            .await
    }

    /// `POST /emkt/contact/add`: creates a contact, returns its code.
    pub async fn contact_add(
        &self,
        token: &str,
        request: &ContactAddRequest,
    ) -> Result<ContactAddResponse, DinamizeError> {
        self.post_json(paths::CONTACT_ADD, Some(token), request)
            .await
    }

    /// `POST /emkt/contact/get`: one contact. The notes show the contact as the body; a body
    /// that wraps it in one more object (`{"contact": {...}}`, `{"items": [{...}]}`) is
    /// accepted too.
    pub async fn contact_get(
        &self,
        token: &str,
        request: &ContactRef,
    ) -> Result<Contact, DinamizeError> {
        let body: serde_json::Value = self
            .post_json(paths::CONTACT_GET, Some(token), request)
            .await?;
        super::types::contact::contact_from_body(body)
    }

    /// `POST /emkt/contact/update`: changes the given fields.
    pub async fn contact_update(
        &self,
        token: &str,
        request: &ContactUpdateRequest,
    ) -> Result<AffectedRows, DinamizeError> {
        self.post_json(paths::CONTACT_UPDATE, Some(token), request)
            .await
    }

    /// `POST /emkt/contact/delete`: removes a contact from a list.
    pub async fn contact_delete(
        &self,
        token: &str,
        request: &ContactRef,
    ) -> Result<AffectedRows, DinamizeError> {
        self.post_json(paths::CONTACT_DELETE, Some(token), request)
            .await
    }

    /// `POST /emkt/contact-list/search`: one page of contact lists.
    pub async fn contact_list_search(
        &self,
        token: &str,
        request: &ContactListSearchRequest,
    ) -> Result<ContactListSearchResponse, DinamizeError> {
        self.post_json(paths::CONTACT_LIST_SEARCH, Some(token), request)
            .await
    }

    /// `POST /emkt/field/search`: one page of a list's custom fields.
    pub async fn field_search(
        &self,
        token: &str,
        request: &FieldSearchRequest,
    ) -> Result<FieldSearchResponse, DinamizeError> {
        self.post_json(paths::FIELD_SEARCH, Some(token), request)
            .await
    }

    /// `POST /emkt/field-lov/search`: one page of a field's options.
    pub async fn field_lov_search(
        &self,
        token: &str,
        request: &FieldLovSearchRequest,
    ) -> Result<FieldLovSearchResponse, DinamizeError> {
        self.post_json(paths::FIELD_LOV_SEARCH, Some(token), request)
            .await
    }

    /// `POST /emkt/contact` (multipart): starts a bulk import, returns its code.
    pub async fn import(
        &self,
        token: &str,
        request: &ImportRequest,
    ) -> Result<ImportResponse, DinamizeError> {
        self.post_import(token, request).await
    }

    /// `POST /emkt/import/get`: an import's status.
    pub async fn import_get(
        &self,
        token: &str,
        request: &ImportGetRequest,
    ) -> Result<ImportStatus, DinamizeError> {
        self.post_json(paths::IMPORT_GET, Some(token), request)
            .await
    }
}
