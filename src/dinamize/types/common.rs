//! Pieces shared by several calls: paging, search filters, ordering and custom field values.

use serde::{Deserialize, Serialize};

/// Which contacts a search returns (`status_contact`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusContact {
    /// Only contacts that are not resting (`NO_REST`).
    #[serde(rename = "NO_REST")]
    NoRest,
    /// Only resting contacts (`REST_ONLY`).
    #[serde(rename = "REST_ONLY")]
    RestOnly,
}

/// A search operator, written on the wire as the API's notation (`*v*` is "contains").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operator {
    /// `=`
    #[serde(rename = "=")]
    Eq,
    /// `!=`
    #[serde(rename = "!=")]
    Ne,
    /// `*v*`: contains.
    #[serde(rename = "*v*")]
    Contains,
    /// `!*v*`: does not contain.
    #[serde(rename = "!*v*")]
    NotContains,
    /// `v*`: starts with.
    #[serde(rename = "v*")]
    StartsWith,
    /// `!v*`: does not start with.
    #[serde(rename = "!v*")]
    NotStartsWith,
    /// `*v`: ends with.
    #[serde(rename = "*v")]
    EndsWith,
    /// `!*v`: does not end with.
    #[serde(rename = "!*v")]
    NotEndsWith,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
}

/// One condition of a search (`search: [{field, operator, value}]`); conditions are ANDed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchFilter {
    /// Field name (`email`, `name`, `cmp7`, ...).
    pub field: String,
    /// The comparison.
    pub operator: Operator,
    /// The value compared against, always sent as a string.
    pub value: String,
}

impl SearchFilter {
    /// A condition `field operator value`.
    pub fn new(field: impl Into<String>, operator: Operator, value: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            operator,
            value: value.into(),
        }
    }

    /// `email = value`: the lookup used before adding a contact.
    pub fn email_is(email: impl Into<String>) -> Self {
        Self::new("email", Operator::Eq, email)
    }
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderType {
    /// Ascending (`ASC`).
    #[serde(rename = "ASC")]
    Asc,
    /// Descending (`DESC`).
    #[serde(rename = "DESC")]
    Desc,
}

/// One sort key (`order: [{field, type}]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Field name.
    pub field: String,
    /// Direction.
    #[serde(rename = "type")]
    pub order_type: OrderType,
}

/// The value of a custom field `cmpN`: a string, a number, a list (multi-value fields) or null.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// A text value (also the option code of a list-of-values field).
    Text(String),
    /// A number, kept exactly as sent.
    Number(serde_json::Number),
    /// Several values (multi-value list fields).
    List(Vec<FieldValue>),
    /// No value.
    Null,
}

impl FieldValue {
    /// The value as text when it is a scalar (numbers in their JSON spelling).
    pub fn as_text(&self) -> Option<String> {
        match self {
            FieldValue::Text(s) => Some(s.clone()),
            FieldValue::Number(n) => Some(n.to_string()),
            FieldValue::List(_) | FieldValue::Null => None,
        }
    }
}

impl From<&str> for FieldValue {
    fn from(value: &str) -> Self {
        FieldValue::Text(value.to_owned())
    }
}

impl From<String> for FieldValue {
    fn from(value: String) -> Self {
        FieldValue::Text(value)
    }
}

/// Custom fields keyed by `cmpN`.
pub type CustomFields = std::collections::BTreeMap<String, FieldValue>;

/// First page of every paged call (`page_number` is 1-based).
pub const FIRST_PAGE: u32 = 1;
/// Page size used when the caller does not choose one.
pub const DEFAULT_PAGE_SIZE: u32 = 100;
/// The largest page the API accepts.
pub const MAX_PAGE_SIZE: u32 = 10_000;
