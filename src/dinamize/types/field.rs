//! `POST /emkt/field/search` and `POST /emkt/field-lov/search`: custom fields of a list and the
//! options of list-of-values fields.

use serde::{Deserialize, Serialize};

use crate::dinamize::call::{Body, DinamizeCall};
use crate::dinamize::de;
use crate::dinamize::error::DinamizeError;

/// `POST /emkt/field/search`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldSearchRequest {
    /// The list whose fields are listed.
    #[serde(rename = "contact-list_code")]
    pub contact_list_code: String,
    /// 1-based page, sent as a string.
    #[serde(serialize_with = "de::as_string")]
    pub page_number: u32,
    /// Page size, sent as a string.
    #[serde(serialize_with = "de::as_string")]
    pub page_size: u32,
}

impl FieldSearchRequest {
    /// First page of the fields of `list`.
    pub fn new(list: impl Into<String>) -> Self {
        Self {
            contact_list_code: list.into(),
            page_number: super::FIRST_PAGE,
            page_size: super::DEFAULT_PAGE_SIZE,
        }
    }
}

/// Answered with one page of fields.
impl DinamizeCall for FieldSearchRequest {
    const PATH: &'static str = "/emkt/field/search";
    const NAME: &'static str = "field_search";
    type Response = FieldSearchResponse;

    fn body(&self) -> Result<Body, DinamizeError> {
        Body::json(self)
    }
}

/// One custom field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The field's numeric code (as text).
    #[serde(deserialize_with = "de::string")]
    pub code: String,
    /// Its key in `custom_fields` (`cmp7`).
    #[serde(default, deserialize_with = "de::opt_string")]
    pub code_name: Option<String>,
    /// Its title.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub title: Option<String>,
    /// `VC` text, `LV` list of values (kept as sent).
    #[serde(rename = "type", default, deserialize_with = "de::opt_string")]
    pub field_type: Option<String>,
    /// Whether values must be unique.
    #[serde(default, deserialize_with = "de::opt_bool_any")]
    pub is_uniquevalue: Option<bool>,
}

/// One page of fields.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FieldSearchResponse {
    /// The fields of this page.
    #[serde(default, deserialize_with = "de::vec_or_null")]
    pub items: Vec<Field>,
    /// Whether another page follows (`false` when absent).
    #[serde(default, deserialize_with = "de::bool_any")]
    pub next: bool,
}

/// `POST /emkt/field-lov/search`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldLovSearchRequest {
    /// The list the field belongs to.
    #[serde(rename = "contact-list_code")]
    pub contact_list_code: String,
    /// The field's numeric code.
    pub field_code: String,
    /// 1-based page, sent as a string.
    #[serde(serialize_with = "de::as_string")]
    pub page_number: u32,
    /// Page size, sent as a string.
    #[serde(serialize_with = "de::as_string")]
    pub page_size: u32,
}

impl FieldLovSearchRequest {
    /// First page of the options of field `field` in `list`.
    pub fn new(list: impl Into<String>, field: impl Into<String>) -> Self {
        Self {
            contact_list_code: list.into(),
            field_code: field.into(),
            page_number: super::FIRST_PAGE,
            page_size: super::DEFAULT_PAGE_SIZE,
        }
    }
}

/// Answered with one page of options.
impl DinamizeCall for FieldLovSearchRequest {
    const PATH: &'static str = "/emkt/field-lov/search";
    const NAME: &'static str = "field_lov_search";
    type Response = FieldLovSearchResponse;

    fn body(&self) -> Result<Body, DinamizeError> {
        Body::json(self)
    }
}

/// One option of a list-of-values field; contacts store its `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldOption {
    /// The option code.
    #[serde(deserialize_with = "de::string")]
    pub code: String,
    /// Its text.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub value: Option<String>,
}

/// One page of options (`body.list`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FieldLovSearchResponse {
    /// The options of this page.
    #[serde(default, deserialize_with = "de::vec_or_null")]
    pub list: Vec<FieldOption>,
    /// Whether another page follows (`false` when absent).
    #[serde(default, deserialize_with = "de::bool_any")]
    pub next: bool,
}
