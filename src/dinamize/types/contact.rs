//! `/emkt/contact/{search,add,get,update,delete}`: requests, answers and the contact itself.

use serde::{Deserialize, Serialize};

use super::common::{CustomFields, Order, SearchFilter, StatusContact};
use crate::dinamize::de;

/// A contact as Dinamize returns it. Every field but `code` is optional on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// The contact code (string or number on the wire).
    #[serde(deserialize_with = "de::string")]
    pub code: String,
    /// E-mail address.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub email: Option<String>,
    /// Name.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub name: Option<String>,
    /// The caller's own id for the contact.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub external_code: Option<String>,
    /// `YYYY-MM-DD HH:MM:SS`, no zone (kept as sent).
    #[serde(default, deserialize_with = "de::opt_string")]
    pub insert_date: Option<String>,
    /// `V` valid, `I` invalid (kept as sent).
    #[serde(default, deserialize_with = "de::opt_string")]
    pub status: Option<String>,
    /// Opted out of mailings.
    #[serde(default, deserialize_with = "de::opt_bool_any")]
    pub optout: Option<bool>,
    /// Marked as spam.
    #[serde(default, deserialize_with = "de::opt_bool_any")]
    pub spam: Option<bool>,
    /// Custom fields `cmpN` → value.
    #[serde(default, deserialize_with = "de::map_or_empty")]
    pub custom_fields: CustomFields,
}

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

/// `POST /emkt/contact/get` and `POST /emkt/contact/delete`: one contact of one list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactRef {
    /// The contact code.
    pub contact_code: String,
    /// Its list.
    #[serde(rename = "contact-list_code")]
    pub contact_list_code: String,
}

impl ContactRef {
    /// Contact `code` in list `list`.
    pub fn new(code: impl Into<String>, list: impl Into<String>) -> Self {
        Self {
            contact_code: code.into(),
            contact_list_code: list.into(),
        }
    }
}

/// `POST /emkt/contact/update`: the fields to change; omitted fields are kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContactUpdateRequest {
    /// The contact code.
    pub contact_code: String,
    /// Its list.
    #[serde(rename = "contact-list_code")]
    pub contact_list_code: String,
    /// New e-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// New name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Custom fields to change; omitted when empty.
    #[serde(skip_serializing_if = "CustomFields::is_empty")]
    pub custom_fields: CustomFields,
    /// New external code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_code: Option<String>,
}

/// The answer to an update or a delete: rows touched, when the API says.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct AffectedRows {
    /// `body.affected_rows`, number or string; `None` when absent.
    #[serde(default, deserialize_with = "de::opt_u64_any")]
    pub affected_rows: Option<u64>,
}

/// Reads a `/get` body: the contact itself, or the contact wrapped in one object or one-item
/// array (a shape some answers take). A body with no `code` at any of these places fails at
/// `body.code`.
pub fn contact_from_body(
    body: serde_json::Value,
) -> Result<Contact, crate::dinamize::DinamizeError> {
    use serde_json::Value;
    let unwrap = |v: Value| -> Value {
        match v {
            Value::Array(mut items) if items.len() == 1 => items.remove(0),
            other => other,
        }
    };
    let body = match body {
        Value::Object(map) if !map.contains_key("code") && map.len() == 1 => {
            let inner = unwrap(
                map.into_iter()
                    .next()
                    .map(|(_, v)| v)
                    .unwrap_or(Value::Null),
            );
            if inner.get("code").is_some() {
                inner
            } else {
                Value::Object(Default::default())
            }
        }
        other => unwrap(other),
    };
    serde_path_to_error::deserialize(body).map_err(|e| crate::dinamize::DinamizeError::Decode {
        path: format!("body.{}", e.path()),
        message: e.inner().to_string(),
        request_unique: None,
    })
}
