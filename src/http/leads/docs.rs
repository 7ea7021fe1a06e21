//! The leads routes as the OpenAPI document shows them: request bodies (the handlers read
//! JSON themselves, naming every bad field) and the error answers they share.

use std::collections::BTreeMap;

use serde_json::Value;
use utoipa::ToSchema;

use crate::http::contacts::docs::ErrorBody;
use crate::http::schemas;

/// `POST /api/leads`. Fields other than these are refused.
#[allow(dead_code)] // Documents the body; `body::new_lead` reads the JSON.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateLeadRequest {
    /// Required; a valid e-mail address.
    #[schema(schema_with = schemas::lead_email)]
    pub email: String,
    /// Up to 255 characters.
    #[schema(schema_with = schemas::lead_text)]
    pub name: Option<String>,
    /// Up to 64 characters.
    #[schema(schema_with = schemas::lead_phone)]
    pub phone: Option<String>,
    /// The CRM's own code for the lead, up to 255 characters.
    #[schema(schema_with = schemas::lead_text)]
    pub external_code: Option<String>,
    /// Named values (up to 200; names up to 64 characters); the account's `field_mapping`
    /// sends some of them to Dinamize custom fields.
    #[schema(schema_with = schemas::lead_custom_fields)]
    pub custom_fields: Option<BTreeMap<String, Value>>,
}

/// `PATCH /api/leads/{id}`: only the fields given change. `null` clears `name`, `phone`,
/// `external_code`, and empties `custom_fields`; `custom_fields` replaces the whole object.
/// Fields other than these are refused.
#[allow(dead_code)] // Documents the body; `body::changes` reads the JSON.
#[derive(ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchLeadRequest {
    /// A valid e-mail address; cannot be cleared.
    #[schema(schema_with = schemas::lead_email)]
    pub email: Option<String>,
    #[schema(schema_with = schemas::lead_text)]
    pub name: Option<String>,
    #[schema(schema_with = schemas::lead_phone)]
    pub phone: Option<String>,
    #[schema(schema_with = schemas::lead_text)]
    pub external_code: Option<String>,
    #[schema(schema_with = schemas::lead_custom_fields)]
    pub custom_fields: Option<BTreeMap<String, Value>>,
}

/// The answers of a route that reads a JSON body, besides [`LeadErrors`].
#[allow(dead_code)] // Variants exist to be documented, never built.
#[derive(utoipa::IntoResponses)]
pub enum BodyErrors {
    /// The JSON body is larger than `HTTP_MAX_BODY_BYTES`.
    #[response(status = 413)]
    TooLarge(ErrorBody),
    /// The body is not sent as `Content-Type: application/json`.
    #[response(status = 415)]
    UnsupportedMediaType(ErrorBody),
}

/// The error answers every leads route shares (each route adds its own).
#[allow(dead_code)] // Variants exist to be documented, never built.
#[derive(utoipa::IntoResponses)]
pub enum LeadErrors {
    /// A field or parameter is invalid: `details` names each one.
    #[response(status = 400)]
    BadRequest(ErrorBody),
    /// Missing, malformed, expired or wrongly signed JWT.
    #[response(status = 401)]
    Unauthorized(ErrorBody),
    /// The token does not grant the company chosen by `X-Company-Id`.
    #[response(status = 403)]
    Forbidden(ErrorBody),
    /// PostgreSQL is unreachable.
    #[response(status = 503)]
    Unavailable(ErrorBody),
}
