//! The request bodies of the contact endpoints (the CRM's specification), read from JSON with
//! every bad field collected into one 400. Numbers are accepted as numbers or strings.

use serde_json::Value;

use super::fields::{self, FieldError, MAX_PAGE_SIZE, OPERATORS};
use crate::http::ApiError;

/// The list field, spelled as the CRM and Dinamize spell it.
pub const LIST_FIELD: &str = "contact-list_code";

/// One search condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    pub field: String,
    pub operator: String,
    pub value: String,
}

/// One sort key: field and `ASC` or `DESC`.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub field: String,
    pub direction: String,
}

/// A valid `POST /api/dinamize/contacts/search` body.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchBody {
    pub list_code: String,
    pub page_number: u32,
    pub page_size: u32,
    pub status_contact: Option<String>,
    pub search: Vec<Filter>,
    pub order: Vec<Order>,
}

/// A valid `POST /api/dinamize/contacts` body.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateBody {
    pub list_code: String,
    pub email: String,
    pub name: Option<String>,
    pub external_code: Option<String>,
    pub custom_fields: Vec<(String, Value)>,
}

/// A valid `POST /api/dinamize/contacts/{code}/update` body: omitted fields are kept.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateBody {
    pub list_code: String,
    pub email: Option<String>,
    pub name: Option<String>,
    pub custom_fields: Vec<(String, Value)>,
}

/// Collects field errors while a body is read.
#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    fn take<T: Default>(&mut self, result: Result<T, FieldError>) -> T {
        result.unwrap_or_else(|e| {
            self.0.push(e);
            T::default()
        })
    }

    fn finish<T>(self, value: T) -> Result<T, ApiError> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(ApiError::validation(self.0))
        }
    }
}

fn object(body: &Value) -> Result<&serde_json::Map<String, Value>, ApiError> {
    body.as_object()
        .ok_or_else(|| ApiError::validation(vec![("body".into(), "must be a JSON object".into())]))
}

/// Reads a search body.
pub fn search(body: &Value) -> Result<SearchBody, ApiError> {
    let map = object(body)?;
    let mut errors = Errors::default();
    let parsed = SearchBody {
        list_code: errors.take(fields::code(LIST_FIELD, map.get(LIST_FIELD))),
        page_number: errors.take(fields::number_in(
            "page_number",
            map.get("page_number"),
            1,
            1,
            u32::MAX,
        )),
        page_size: errors.take(fields::number_in(
            "page_size",
            map.get("page_size"),
            10,
            1,
            MAX_PAGE_SIZE,
        )),
        status_contact: errors.take(fields::status_contact(
            "status_contact",
            map.get("status_contact"),
        )),
        search: errors.take(filters(map.get("search"))),
        order: errors.take(orders(map.get("order"))),
    };
    errors.finish(parsed)
}

fn filters(value: Option<&Value>) -> Result<Vec<Filter>, FieldError> {
    let items = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err((
                "search".into(),
                "must be an array of {field, operator, value}".into(),
            ));
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| filter(i, item))
        .collect()
}

fn filter(i: usize, item: &Value) -> Result<Filter, FieldError> {
    let at = |name: &str| format!("search[{i}].{name}");
    let field = item
        .get("field")
        .and_then(Value::as_str)
        .filter(|f| !f.trim().is_empty());
    let field = field.ok_or_else(|| (at("field"), "is required".to_string()))?;
    let operator = item
        .get("operator")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !OPERATORS.contains(&operator) {
        return Err((
            at("operator"),
            format!("must be one of {}", OPERATORS.join(" ")),
        ));
    }
    let value = match item.get("value") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => {
            return Err((
                at("value"),
                "is required and must be a string or a number".into(),
            ));
        }
    };
    Ok(Filter {
        field: field.to_string(),
        operator: operator.to_string(),
        value,
    })
}

fn orders(value: Option<&Value>) -> Result<Vec<Order>, FieldError> {
    let items = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(("order".into(), "must be an array of {field, type}".into())),
    };
    let mut orders = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = item
            .get("field")
            .and_then(Value::as_str)
            .filter(|f| !f.is_empty());
        let direction = item
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_ascii_uppercase);
        match (field, direction.as_deref()) {
            (Some(field), Some(d @ ("ASC" | "DESC"))) => orders.push(Order {
                field: field.into(),
                direction: d.into(),
            }),
            (None, _) => return Err((format!("order[{i}].field"), "is required".into())),
            _ => return Err((format!("order[{i}].type"), "must be ASC or DESC".into())),
        }
    }
    Ok(orders)
}

/// Reads a create body.
pub fn create(body: &Value) -> Result<CreateBody, ApiError> {
    let map = object(body)?;
    let mut errors = Errors::default();
    let custom_fields = custom(&mut errors, map.get("custom_fields"));
    let parsed = CreateBody {
        list_code: errors.take(fields::code(LIST_FIELD, map.get(LIST_FIELD))),
        email: errors.take(fields::email("email", map.get("email"))),
        name: errors.take(fields::text("name", map.get("name"), 255)),
        external_code: errors.take(fields::text("external_code", map.get("external_code"), 255)),
        custom_fields,
    };
    errors.finish(parsed)
}

/// Reads an update body.
pub fn update(body: &Value) -> Result<UpdateBody, ApiError> {
    let map = object(body)?;
    let mut errors = Errors::default();
    let email = match map.get("email") {
        None | Some(Value::Null) => None,
        some => Some(errors.take(fields::email("email", some))),
    };
    let custom_fields = custom(&mut errors, map.get("custom_fields"));
    let parsed = UpdateBody {
        list_code: errors.take(fields::code(LIST_FIELD, map.get(LIST_FIELD))),
        email,
        name: errors.take(fields::text("name", map.get("name"), 255)),
        custom_fields,
    };
    errors.finish(parsed)
}

fn custom(errors: &mut Errors, value: Option<&Value>) -> Vec<(String, Value)> {
    fields::custom_fields("custom_fields", value).unwrap_or_else(|bad| {
        errors.0.extend(bad);
        Vec::new()
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn bad_fields(error: ApiError) -> Vec<String> {
        let details = error.details.unwrap();
        details
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["field"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn a_search_body_of_the_crm_spec_is_read() {
        let body = json!({"contact-list_code": "1", "page_number": 1, "page_size": "10",
            "status_contact": "NO_REST", "search": [{"field": "email", "operator": "=", "value": "a@b.co"}]});
        let search = search(&body).unwrap();
        assert_eq!(
            (
                search.list_code.as_str(),
                search.page_number,
                search.page_size
            ),
            ("1", 1, 10)
        );
        assert_eq!(search.search[0].operator, "=");
    }

    #[test]
    fn every_bad_field_of_a_search_is_named() {
        let body = json!({"page_size": 10001, "status_contact": "ALL",
            "search": [{"field": "email", "operator": "LIKE", "value": "x"}]});
        assert_eq!(
            bad_fields(search(&body).unwrap_err()),
            [
                "contact-list_code",
                "page_size",
                "status_contact",
                "search[0].operator"
            ]
        );
    }

    #[test]
    fn a_create_needs_a_valid_email_and_list() {
        let body = json!({"email": "not-an-email", "custom_fields": {"phone": "1"}});
        assert_eq!(
            bad_fields(create(&body).unwrap_err()),
            ["custom_fields.phone", "contact-list_code", "email"]
        );
    }
}
