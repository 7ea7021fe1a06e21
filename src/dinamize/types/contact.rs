//! The contact itself, and `/emkt/contact/{get,update,delete}` (search and add have their own
//! modules).

use serde::{Deserialize, Serialize};

use super::common::CustomFields;
use crate::dinamize::call::{Body, DinamizeCall};
use crate::dinamize::codes::UnknownCodes;
use crate::dinamize::error::DinamizeError;
use crate::dinamize::{de, envelope};

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

/// One contact of one list: what `get` and `delete` name.
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

/// `POST /emkt/contact/get`: one contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ContactGetRequest(pub ContactRef);

impl ContactGetRequest {
    /// Contact `code` in list `list`.
    pub fn new(code: impl Into<String>, list: impl Into<String>) -> Self {
        Self(ContactRef::new(code, list))
    }
}

/// Answered with the contact. The notes show the contact as the body; a body that wraps it in
/// one more object (`{"contact": {...}}`, `{"items": [{...}]}`) is accepted too.
impl DinamizeCall for ContactGetRequest {
    const PATH: &'static str = "/emkt/contact/get";
    const NAME: &'static str = "contact_get";
    type Response = Contact;

    fn body(&self) -> Result<Body, DinamizeError> {
        Body::json(self)
    }

    fn decode(bytes: &[u8], codes: &UnknownCodes) -> Result<Contact, DinamizeError> {
        contact_from_body(envelope::decode(bytes, codes)?)
    }
}

/// `POST /emkt/contact/delete`: removes a contact from a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ContactDeleteRequest(pub ContactRef);

impl ContactDeleteRequest {
    /// Contact `code` in list `list`.
    pub fn new(code: impl Into<String>, list: impl Into<String>) -> Self {
        Self(ContactRef::new(code, list))
    }
}

/// Answered with the rows removed.
impl DinamizeCall for ContactDeleteRequest {
    const PATH: &'static str = "/emkt/contact/delete";
    const NAME: &'static str = "contact_delete";
    type Response = AffectedRows;

    fn body(&self) -> Result<Body, DinamizeError> {
        Body::json(self)
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

/// Answered with the rows changed.
impl DinamizeCall for ContactUpdateRequest {
    const PATH: &'static str = "/emkt/contact/update";
    const NAME: &'static str = "contact_update";
    type Response = AffectedRows;

    fn body(&self) -> Result<Body, DinamizeError> {
        Body::json(self)
    }
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
