//! The body of `PUT /api/dinamize/account`, with every bad field named.

use serde_json::Value;
use utoipa::ToSchema;

use crate::accounts::Credentials;
use crate::config::Secret;
use crate::http::ApiError;
use crate::http::contacts::fields;

/// New Dinamize credentials for the caller's company.
#[allow(dead_code)] // Documents the body; `credentials` reads the JSON leniently.
#[derive(ToSchema)]
pub struct AccountRequest {
    #[schema(schema_with = crate::http::schemas::required_text)]
    pub api_user: String,
    /// Stored encrypted (AES-256-GCM); never returned.
    #[schema(schema_with = crate::http::schemas::required_text)]
    pub password: String,
    #[schema(schema_with = crate::http::schemas::client_code)]
    pub client_code: Value,
    #[schema(schema_with = crate::http::schemas::optional_code)]
    pub default_list_code: Option<Value>,
    /// 1 to 1000 (default: the service's `DINAMIZE_RATE_LIMIT_PER_MINUTE`).
    #[schema(schema_with = crate::http::schemas::requests_per_minute)]
    pub requests_per_minute: Option<Value>,
}

/// Reads the body into credentials.
pub fn credentials(body: &Value) -> Result<Credentials, ApiError> {
    let mut errors = Vec::new();
    let mut text = |name: &str| match body.get(name).and_then(Value::as_str).map(str::trim) {
        Some(value) if !value.is_empty() && value.chars().count() <= 255 => value.to_string(),
        _ => {
            errors.push((
                name.to_string(),
                "is required: a non-empty string".to_string(),
            ));
            String::new()
        }
    };
    let (api_user, password) = (text("api_user"), text("password"));
    let client_code = fields::code("client_code", body.get("client_code")).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    });
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
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(Credentials {
        api_user,
        password: Secret::new(password),
        client_code,
        default_list_code,
        requests_per_minute: requests_per_minute.map(|n| n as i32),
    })
}
