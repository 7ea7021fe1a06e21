//! The contact an URL names: `{contactCode}` in the path, `listCode` in the query (or the body).

use serde::Deserialize;
use serde_json::Value;

use super::fields;
use crate::dinamize::ContactRef;
use crate::http::ApiError;

/// `?listCode=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// The contact list (required).
    #[serde(rename = "listCode")]
    #[param(rename = "listCode", value_type = String, pattern = "^[0-9]{1,20}$", example = "1")]
    pub list_code: Option<String>,
}

/// A checked contact code from the path.
pub fn contact_code(raw: &str) -> Result<String, ApiError> {
    fields::code("contactCode", Some(&Value::String(raw.to_string())))
        .map_err(|bad| ApiError::validation(vec![bad]))
}

/// The contact and list named by the path and `?listCode=`, both required and numeric.
pub fn contact_ref(raw_code: &str, query: &ListQuery) -> Result<ContactRef, ApiError> {
    let code = fields::code("contactCode", Some(&Value::String(raw_code.to_string())));
    let list = fields::code(
        "listCode",
        query.list_code.clone().map(Value::String).as_ref(),
    );
    match (code, list) {
        (Ok(contact_code), Ok(contact_list_code)) => Ok(ContactRef {
            contact_code,
            contact_list_code,
        }),
        (code, list) => Err(ApiError::validation(
            code.err().into_iter().chain(list.err()).collect(),
        )),
    }
}
