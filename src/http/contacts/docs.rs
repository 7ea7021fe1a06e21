//! Request bodies as the OpenAPI document shows them (the handlers read JSON leniently:
//! numbers may also be strings, and every bad field is reported at once).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

pub use crate::http::error_doc::ErrorBody;

/// One search condition; conditions are ANDed.
#[derive(Deserialize, ToSchema)]
pub struct SearchCondition {
    /// `email`, `name`, `cmp7`, …
    #[schema(schema_with = crate::http::schemas::field_name)]
    pub field: String,
    /// One of `=` `!=` `*v*` `!*v*` `v*` `!v*` `*v` `!*v` `<` `>` `<=` `>=`.
    #[schema(schema_with = crate::http::schemas::operator)]
    pub operator: String,
    /// A string or a number.
    #[schema(schema_with = crate::http::schemas::condition_value)]
    pub value: Value,
}

/// One sort key.
#[derive(Deserialize, ToSchema)]
pub struct SortKey {
    #[schema(schema_with = crate::http::schemas::field_name)]
    pub field: String,
    /// `ASC` or `DESC`.
    #[serde(rename = "type")]
    #[schema(schema_with = crate::http::schemas::direction)]
    pub direction: String,
}

/// `POST /api/dinamize/contacts/search`.
#[derive(Deserialize, ToSchema)]
pub struct SearchRequest {
    /// The contact list (number or numeric string). Required.
    #[serde(rename = "contact-list_code")]
    #[schema(schema_with = crate::http::schemas::list_code)]
    pub list_code: Value,
    /// 1-based page (default 1).
    #[schema(schema_with = crate::http::schemas::page_number)]
    pub page_number: Option<Value>,
    /// 1 to 10 000 (default 10).
    #[schema(schema_with = crate::http::schemas::page_size)]
    pub page_size: Option<Value>,
    /// `NO_REST` or `REST_ONLY`.
    #[schema(schema_with = crate::http::schemas::status_contact)]
    pub status_contact: Option<String>,
    pub search: Option<Vec<SearchCondition>>,
    pub order: Option<Vec<SortKey>>,
}

/// `POST /api/dinamize/contacts`.
#[derive(Deserialize, ToSchema)]
pub struct CreateRequest {
    #[schema(schema_with = crate::http::schemas::email)]
    pub email: String,
    #[schema(schema_with = crate::http::schemas::optional_text)]
    pub name: Option<String>,
    #[serde(rename = "contact-list_code")]
    #[schema(schema_with = crate::http::schemas::list_code)]
    pub list_code: Value,
    #[schema(schema_with = crate::http::schemas::optional_text)]
    pub external_code: Option<String>,
    /// Keys `cmpN` only; values strings, numbers or arrays of them.
    #[schema(schema_with = crate::http::schemas::custom_fields)]
    pub custom_fields: Option<BTreeMap<String, Value>>,
}

/// `POST /api/dinamize/contacts/{contactCode}/update`: omitted fields are kept.
#[derive(Deserialize, ToSchema)]
pub struct UpdateRequest {
    #[serde(rename = "contact-list_code")]
    #[schema(schema_with = crate::http::schemas::list_code)]
    pub list_code: Value,
    #[schema(schema_with = crate::http::schemas::optional_email)]
    pub email: Option<String>,
    #[schema(schema_with = crate::http::schemas::optional_text)]
    pub name: Option<String>,
    #[schema(schema_with = crate::http::schemas::optional_text)]
    pub external_code: Option<String>,
    #[schema(schema_with = crate::http::schemas::custom_fields)]
    pub custom_fields: Option<BTreeMap<String, Value>>,
}

/// The error answers every contact route shares (each route adds its success answer).
#[allow(dead_code)] // Variants exist to be documented, never built.
#[derive(utoipa::IntoResponses)]
pub enum ContactErrors {
    /// A field is invalid (`validation_failed`: `details` names each one), or no company is
    /// chosen (`company_required`: the token's `companyId` is null and no `X-Company-Id`).
    #[response(status = 400)]
    BadRequest(ErrorBody),
    /// Missing, malformed, expired, not yet valid (`nbf`), wrongly signed or temporary
    /// (`temp: true`) JWT; `message` names which.
    #[response(status = 401)]
    Unauthorized(ErrorBody),
    /// The token does not list the chosen company, or the CRM's user–company table has no
    /// role for the user there.
    #[response(status = 403)]
    Forbidden(ErrorBody),
    /// Dinamize has no such contact or contact list.
    #[response(status = 404)]
    NotFound(ErrorBody),
    /// Dinamize already has a contact with this e-mail in the list.
    #[response(status = 409)]
    Conflict(ErrorBody),
    /// The JSON body is larger than `HTTP_MAX_BODY_BYTES`.
    #[response(status = 413)]
    TooLarge(ErrorBody),
    /// The body is not sent as `Content-Type: application/json`.
    #[response(status = 415)]
    UnsupportedMediaType(ErrorBody),
    /// Dinamize refused the request otherwise: a custom field `cmpN` or a search field the list
    /// does not have (only Dinamize knows a list's fields), an e-mail it deems invalid, a
    /// malformed request…; `details` gives its code and `kind`.
    #[response(status = 422)]
    Refused(ErrorBody),
    /// No permit within the deadline, or Dinamize's own limit: see `Retry-After`.
    #[response(status = 429, headers(("Retry-After" = u64, description = "Seconds to wait")))]
    RateLimited(ErrorBody),
    /// Dinamize unreachable or answering badly.
    #[response(status = 502)]
    BadGateway(ErrorBody),
    /// The company's Dinamize account is missing or its credentials were refused.
    #[response(status = 503)]
    Unavailable(ErrorBody),
    /// Dinamize did not answer within `DINAMIZE_REQUEST_TIMEOUT`.
    #[response(status = 504)]
    Timeout(ErrorBody),
}
