//! The request bodies of the contact endpoints (the CRM's specification), read from JSON into
//! the client's request types with every bad field collected into one 400. Numbers are
//! accepted as numbers or strings.

use serde_json::{Map, Value};

use super::fields::{self, FieldError, MAX_PAGE_SIZE, OPERATORS};
use crate::dinamize::{
    ContactAddRequest, ContactSearchRequest, ContactUpdateRequest, CustomFields, Operator, Order,
    OrderType, SearchFilter, StatusContact,
};
use crate::http::ApiError;

/// The list field, spelled as the CRM and Dinamize spell it.
pub const LIST_FIELD: &str = "contact-list_code";

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

    fn custom(&mut self, value: Option<&Value>) -> CustomFields {
        fields::custom_fields("custom_fields", value).unwrap_or_else(|bad| {
            self.0.extend(bad);
            CustomFields::new()
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

fn object(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    body.as_object()
        .ok_or_else(|| ApiError::validation(vec![("body".into(), "must be a JSON object".into())]))
}

/// Reads a search body.
pub fn search(body: &Value) -> Result<ContactSearchRequest, ApiError> {
    let map = object(body)?;
    let mut errors = Errors::default();
    let parsed = ContactSearchRequest {
        contact_list_code: errors.take(fields::code(LIST_FIELD, map.get(LIST_FIELD))),
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
        status_contact: errors.take(status_contact(map.get("status_contact"))),
        search: errors.take(filters(map.get("search"))),
        order: errors.take(orders(map.get("order"))),
        custom_filter: None,
    };
    errors.finish(parsed)
}

fn status_contact(value: Option<&Value>) -> Result<Option<StatusContact>, FieldError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(v) => serde_json::from_value(v.clone()).map(Some).map_err(|_| {
            (
                "status_contact".into(),
                "must be NO_REST or REST_ONLY".into(),
            )
        }),
    }
}

fn array<'a>(name: &str, value: Option<&'a Value>, shape: &str) -> Result<&'a [Value], FieldError> {
    match value {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err((name.into(), format!("must be an array of {shape}"))),
    }
}

fn filters(value: Option<&Value>) -> Result<Vec<SearchFilter>, FieldError> {
    let items = array("search", value, "{field, operator, value}")?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| filter(i, item))
        .collect()
}

fn filter(i: usize, item: &Value) -> Result<SearchFilter, FieldError> {
    let at = |name: &str| format!("search[{i}].{name}");
    let field = item
        .get("field")
        .and_then(Value::as_str)
        .filter(|f| !f.trim().is_empty());
    let field = field.ok_or_else(|| (at("field"), "is required".to_string()))?;
    let operator: Operator = item
        .get("operator")
        .and_then(|op| serde_json::from_value(op.clone()).ok())
        .ok_or_else(|| (at("operator"), format!("must be one of {OPERATORS}")))?;
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
    Ok(SearchFilter::new(field, operator, value))
}

fn orders(value: Option<&Value>) -> Result<Vec<Order>, FieldError> {
    let items = array("order", value, "{field, type}")?;
    let mut orders = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = item
            .get("field")
            .and_then(Value::as_str)
            .filter(|f| !f.trim().is_empty());
        let field =
            field.ok_or_else(|| (format!("order[{i}].field"), "is required".to_string()))?;
        let order_type = match item
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            Some("ASC") => OrderType::Asc,
            Some("DESC") => OrderType::Desc,
            _ => return Err((format!("order[{i}].type"), "must be ASC or DESC".into())),
        };
        orders.push(Order {
            field: field.into(),
            order_type,
        });
    }
    Ok(orders)
}

/// Reads a create body.
pub fn create(body: &Value) -> Result<ContactAddRequest, ApiError> {
    let map = object(body)?;
    let mut errors = Errors::default();
    let parsed = ContactAddRequest {
        custom_fields: errors.custom(map.get("custom_fields")),
        contact_list_code: errors.take(fields::code(LIST_FIELD, map.get(LIST_FIELD))),
        email: errors.take(fields::email("email", map.get("email"))),
        name: errors.take(fields::text("name", map.get("name"), 255)),
        external_code: errors.take(fields::text("external_code", map.get("external_code"), 255)),
        date_rest: None,
    };
    errors.finish(parsed)
}

/// Reads an update body for contact `contact_code`; omitted fields are kept by Dinamize.
pub fn update(contact_code: String, body: &Value) -> Result<ContactUpdateRequest, ApiError> {
    let map = object(body)?;
    let mut errors = Errors::default();
    let email = match map.get("email") {
        None | Some(Value::Null) => None,
        some => Some(errors.take(fields::email("email", some))),
    };
    let parsed = ContactUpdateRequest {
        contact_code,
        custom_fields: errors.custom(map.get("custom_fields")),
        contact_list_code: errors.take(fields::code(LIST_FIELD, map.get(LIST_FIELD))),
        email,
        name: errors.take(fields::text("name", map.get("name"), 255)),
        external_code: errors.take(fields::text("external_code", map.get("external_code"), 255)),
    };
    errors.finish(parsed)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn bad_fields(error: ApiError) -> Vec<String> {
        let details = error.details.unwrap();
        let names = details
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["field"].as_str().unwrap().to_string());
        names.collect()
    }

    #[test]
    fn a_search_body_of_the_crm_spec_is_read() {
        let body = json!({"contact-list_code": "1", "page_number": 1, "page_size": "10",
            "status_contact": "NO_REST", "search": [{"field": "email", "operator": "=", "value": "a@b.co"}]});
        let search = search(&body).unwrap();
        assert_eq!(
            (
                search.contact_list_code.as_str(),
                search.page_number,
                search.page_size
            ),
            ("1", 1, 10)
        );
        assert_eq!(search.search[0], SearchFilter::email_is("a@b.co"));
        assert_eq!(search.status_contact, Some(StatusContact::NoRest));
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
    fn a_blank_sort_field_is_refused_as_a_blank_search_field_is() {
        let body = json!({"contact-list_code": "1", "order": [{"field": " ", "type": "ASC"}]});
        assert_eq!(bad_fields(search(&body).unwrap_err()), ["order[0].field"]);
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
