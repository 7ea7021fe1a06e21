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
    pub field: String,
    /// One of `=` `!=` `*v*` `!*v*` `v*` `!v*` `*v` `!*v` `<` `>` `<=` `>=`.
    pub operator: String,
    /// A string or a number.
    #[schema(value_type = String)]
    pub value: Value,
}

/// One sort key.
#[derive(Deserialize, ToSchema)]
pub struct SortKey {
    pub field: String,
    /// `ASC` or `DESC`.
    #[serde(rename = "type")]
    pub direction: String,
}

/// `POST /api/dinamize/contacts/search`.
#[derive(Deserialize, ToSchema)]
pub struct SearchRequest {
    /// The contact list (number or numeric string). Required.
    #[serde(rename = "contact-list_code")]
    #[schema(value_type = String, example = "1")]
    pub list_code: Value,
    /// 1-based page (default 1).
    #[schema(value_type = Option<u32>, example = 1)]
    pub page_number: Option<Value>,
    /// 1 to 10 000 (default 10).
    #[schema(value_type = Option<u32>, example = 10)]
    pub page_size: Option<Value>,
    /// `NO_REST` or `REST_ONLY`.
    pub status_contact: Option<String>,
    pub search: Option<Vec<SearchCondition>>,
    pub order: Option<Vec<SortKey>>,
}

/// `POST /api/dinamize/contacts`.
#[derive(Deserialize, ToSchema)]
pub struct CreateRequest {
    #[schema(example = "novo@exemplo.com")]
    pub email: String,
    pub name: Option<String>,
    #[serde(rename = "contact-list_code")]
    #[schema(value_type = String, example = "1")]
    pub list_code: Value,
    pub external_code: Option<String>,
    /// Keys `cmpN` only; values strings, numbers or arrays of them.
    #[schema(value_type = Object)]
    pub custom_fields: Option<BTreeMap<String, Value>>,
}

/// `POST /api/dinamize/contacts/{contactCode}/update`: omitted fields are kept.
#[derive(Deserialize, ToSchema)]
pub struct UpdateRequest {
    #[serde(rename = "contact-list_code")]
    #[schema(value_type = String, example = "1")]
    pub list_code: Value,
    pub email: Option<String>,
    pub name: Option<String>,
    pub external_code: Option<String>,
    #[schema(value_type = Object)]
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
    /// The JSON body is larger than `HTTP_MAX_BODY_BYTES`.
    #[response(status = 413)]
    TooLarge(ErrorBody),
    /// Dinamize refused the request (duplicate, invalid e-mail, not found…): its code and detail.
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
