//! The body of `PUT /api/dinamize/account`, with every bad field named. It carries new
//! credentials (`api_user`, `password`, `client_code`: all three or none), settings
//! (`default_list_code`, `requests_per_minute`, `field_mapping`), or both. Settings alone
//! change an existing account without resending the password.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::accounts::FieldMapping;
use crate::accounts::{AccountSettings, Credentials};
use crate::config::Secret;
use crate::http::ApiError;
use crate::http::contacts::fields::{self, FieldError};

/// The fields that are credentials: given together or not at all.
pub const CREDENTIAL_FIELDS: [&str; 3] = ["api_user", "password", "client_code"];

/// New Dinamize credentials and/or settings for the caller's company. The first PUT must give
/// the credentials; later ones may give settings alone (the credentials and token are kept).
/// The document adds to these fields the rule [`read`] applies: `api_user`, `password` and
/// `client_code` are all given (not `null`) or none is.
pub struct AccountRequest;

impl utoipa::PartialSchema for AccountRequest {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let fields = serde_json::to_value(AccountFields::schema()).unwrap_or_default();
        let none = json!({"type": "object", "description": "Settings alone",
            "properties": {"api_user": {"type": "null"}, "password": {"type": "null"},
                "client_code": {"type": "null"}}});
        let all = json!({"type": "object", "description": "With credentials",
            "required": CREDENTIAL_FIELDS,
            "properties": {"api_user": {"type": "string"}, "password": {"type": "string"},
                "client_code": {"type": ["string", "integer"]}}});
        let about = "New credentials and/or settings: api_user, password and client_code are \
            all given or none is; the first PUT of a company must give them";
        let schema = json!({"description": about, "allOf": [fields, {"anyOf": [none, all]}]});
        serde_json::from_value(schema).expect("a valid JSON Schema")
    }
}

impl ToSchema for AccountRequest {}

/// Credentials (`api_user`, `password`, `client_code`: all three or none) and/or settings.
/// The first PUT of a company must give the credentials; later ones may give settings alone.
#[allow(dead_code)] // Documents the body; `read` reads the JSON leniently.
#[derive(ToSchema)]
struct AccountFields {
    /// With `password` and `client_code`.
    #[schema(schema_with = crate::http::schemas::optional_required_text)]
    pub api_user: Option<String>,
    /// Stored encrypted (AES-256-GCM); never returned.
    #[schema(schema_with = crate::http::schemas::optional_required_text)]
    pub password: Option<String>,
    #[schema(schema_with = crate::http::schemas::optional_code)]
    pub client_code: Option<Value>,
    #[schema(schema_with = crate::http::schemas::optional_code)]
    pub default_list_code: Option<Value>,
    /// 1 to 1000 (default: the service's `DINAMIZE_RATE_LIMIT_PER_MINUTE`).
    #[schema(schema_with = crate::http::schemas::requests_per_minute)]
    pub requests_per_minute: Option<Value>,
    /// Lead field → Dinamize custom field `cmpN` (N ≥ 4), e.g. `{"phone": "cmp4",
    /// "segment": "cmp7"}`: replaces the whole mapping (`{}` empties it; absent or `null`
    /// keeps it). `phone` is the lead's phone; other names are keys of its `custom_fields`.
    #[schema(schema_with = crate::http::schemas::field_mapping)]
    pub field_mapping: Option<BTreeMap<String, String>>,
}

/// What a PUT asks for.
#[derive(Debug, Clone)]
pub struct AccountChange {
    /// New credentials, when the body gives any of [`CREDENTIAL_FIELDS`].
    pub credentials: Option<Credentials>,
    /// The settings given (also applied with new credentials).
    pub settings: AccountSettings,
}

/// Reads the body; a settings-only body is checked against the stored account by the route.
pub fn read(body: &Value) -> Result<AccountChange, ApiError> {
    if !body.is_object() {
        let error = ("body".to_string(), "must be a JSON object".to_string());
        return Err(ApiError::validation(vec![error]));
    }
    let mut errors = Vec::new();
    let gives_credentials = CREDENTIAL_FIELDS
        .iter()
        .any(|name| body.get(name).is_some_and(|v| !v.is_null()));
    let credentials = gives_credentials.then(|| credentials(body, &mut errors));
    let settings = settings(body, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let credentials = credentials.map(|mut credentials| {
        credentials.default_list_code = settings.default_list_code.clone();
        credentials.requests_per_minute = settings.requests_per_minute;
        credentials
    });
    Ok(AccountChange {
        credentials,
        settings,
    })
}

/// 400 for a settings-only body when the company has no account to apply it to.
pub fn credentials_required() -> ApiError {
    let message = "is required: the company has no Dinamize account yet";
    ApiError::validation(
        CREDENTIAL_FIELDS
            .iter()
            .map(|name| (name.to_string(), message.to_string()))
            .collect(),
    )
}

fn credentials(body: &Value, errors: &mut Vec<FieldError>) -> Credentials {
    // At most 255 characters as sent (the document's `maxLength`), not blank once trimmed.
    let given = |name: &str| body.get(name).and_then(Value::as_str);
    let mut text = |name: &str| match given(name).filter(|v| v.chars().count() <= 255) {
        Some(value) if !value.trim().is_empty() => value.trim().to_string(),
        _ => {
            errors.push((
                name.to_string(),
                "is required: a string of 1 to 255 characters, not blank".to_string(),
            ));
            String::new()
        }
    };
    let (api_user, password) = (text("api_user"), text("password"));
    let client_code = fields::code("client_code", body.get("client_code")).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    });
    Credentials {
        api_user,
        password: Secret::new(password),
        client_code,
        default_list_code: None,
        requests_per_minute: None,
    }
}

fn settings(body: &Value, errors: &mut Vec<FieldError>) -> AccountSettings {
    let default_list_code = match body.get("default_list_code") {
        None | Some(Value::Null) => None,
        some => fields::code("default_list_code", some)
            .map_err(|e| errors.push(e))
            .ok(),
    };
    let limit = body.get("requests_per_minute").filter(|v| !v.is_null());
    let requests_per_minute = match limit {
        None => None,
        some => fields::number_in("requests_per_minute", some, 60, 1, 1000)
            .map_err(|e| errors.push(e))
            .ok(),
    };
    let field_mapping = match body.get("field_mapping") {
        None | Some(Value::Null) => None,
        Some(value) => FieldMapping::parse(value)
            .map_err(|e| errors.push((e.field, e.message)))
            .ok(),
    };
    AccountSettings {
        default_list_code,
        requests_per_minute: requests_per_minute.map(|n| n as i32),
        field_mapping,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use utoipa::PartialSchema;

    use super::*;

    fn bad_fields(body: Value) -> Vec<String> {
        let details = read(&body).unwrap_err().details.unwrap();
        let fields = details.as_array().unwrap().iter();
        fields
            .map(|d| d["field"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn settings_alone_need_no_credentials() {
        let change =
            read(&json!({"field_mapping": {"phone": "cmp4"}, "default_list_code": 2})).unwrap();
        assert!(change.credentials.is_none());
        assert_eq!(change.settings.default_list_code.as_deref(), Some("2"));
        assert_eq!(change.settings.field_mapping.unwrap().0["phone"], "cmp4");
    }

    #[test]
    fn one_credential_field_requires_the_others() {
        assert_eq!(
            bad_fields(json!({"api_user": "u"})),
            ["password", "client_code"]
        );
        let change = read(&json!({"api_user": "u", "password": "p", "client_code": 3,
            "requests_per_minute": 30}))
        .unwrap();
        assert_eq!(change.credentials.unwrap().requests_per_minute, Some(30));
    }

    #[test]
    fn credentials_are_checked_as_sent_and_stored_trimmed() {
        let padded = read(&json!({"api_user": " u ", "password": "p", "client_code": "3"}));
        assert_eq!(padded.unwrap().credentials.unwrap().api_user, "u");
        let long = format!(" {}", "p".repeat(255));
        let body = json!({"api_user": "u", "password": long, "client_code": 3});
        assert_eq!(bad_fields(body), ["password"], "256 characters as sent");
        let body = json!({"api_user": "\u{2003}", "password": "p", "client_code": 3});
        assert_eq!(bad_fields(body), ["api_user"], "blank");
    }

    #[test]
    fn the_document_states_all_three_credentials_or_none() {
        let schema = serde_json::to_value(AccountRequest::schema()).unwrap();
        let choices = &schema["allOf"][1]["anyOf"];
        assert_eq!(choices[1]["required"], json!(CREDENTIAL_FIELDS));
        assert_eq!(choices[0]["properties"]["password"]["type"], "null");
        let fields = &schema["allOf"][0]["properties"];
        assert_eq!(fields["password"]["maxLength"], 255);
        assert_eq!(fields["field_mapping"]["maxProperties"], 100);
    }

    #[test]
    fn a_bad_mapping_is_named_by_its_entry() {
        assert_eq!(
            bad_fields(json!({"field_mapping": {"phone": "cmp1"}})),
            ["field_mapping.phone"]
        );
        assert_eq!(bad_fields(json!({"field_mapping": "x"})), ["field_mapping"]);
    }
}
