//! Wire format of the requests: ids and paging as strings, `contact-list_code` spelled as the
//! API spells it, optional fields omitted, `{}` for an empty request.

use serde_json::{Value, json};

use super::*;

fn wire<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap()
}

#[test]
fn a_contact_search_sends_paging_as_strings_and_the_hyphenated_list_key() {
    let mut request = ContactSearchRequest::by_email("1", "a@b.c");
    request.status_contact = Some(StatusContact::NoRest);
    request.order = vec![Order {
        field: "name".into(),
        order_type: OrderType::Desc,
    }];
    assert_eq!(
        wire(&request),
        json!({
            "contact-list_code": "1", "page_number": "1", "page_size": "100", "status_contact": "NO_REST",
            "search": [{"field": "email", "operator": "=", "value": "a@b.c"}],
            "order": [{"field": "name", "type": "DESC"}]
        })
    );
}

#[test]
fn every_operator_is_sent_in_the_api_notation() {
    use Operator::*;
    let all = [
        Eq,
        Ne,
        Contains,
        NotContains,
        StartsWith,
        NotStartsWith,
        EndsWith,
        NotEndsWith,
        Lt,
        Gt,
        Le,
        Ge,
    ];
    let spelled: Vec<Value> = all.iter().map(wire).collect();
    assert_eq!(
        spelled,
        [
            "=", "!=", "*v*", "!*v*", "v*", "!v*", "*v", "!*v", "<", ">", "<=", ">="
        ]
        .map(Value::from)
        .to_vec()
    );
}

#[test]
fn an_empty_contact_list_search_is_an_empty_object() {
    assert_eq!(wire(&ContactListSearchRequest::default()), json!({}));
    assert_eq!(
        wire(&ContactListSearchRequest::page(2, 50)),
        json!({"page_number": "2", "page_size": "50"})
    );
}

#[test]
fn an_add_omits_what_is_not_set_and_keeps_custom_field_shapes() {
    let mut custom = CustomFields::new();
    custom.insert("cmp4".into(), "x".into());
    custom.insert(
        "cmp5".into(),
        FieldValue::List(vec!["1".into(), "2".into()]),
    );
    let request = ContactAddRequest {
        email: "a@b.c".into(),
        name: None,
        contact_list_code: "1".into(),
        custom_fields: custom,
        external_code: Some("lead-9".into()),
        date_rest: None,
    };
    assert_eq!(
        wire(&request),
        json!({"email": "a@b.c", "contact-list_code": "1", "external_code": "lead-9",
               "custom_fields": {"cmp4": "x", "cmp5": ["1", "2"]}})
    );
}

#[test]
fn the_import_parameters_use_the_api_column_keys() {
    let parameters = ImportParameters {
        contact_list_code: "1".into(),
        separator: ";".into(),
        header: true,
        file_columns: vec![FileColumn::new(0, "1")],
    };
    assert_eq!(
        wire(&parameters),
        json!({"contact-list_code": "1", "separator": ";", "header": true,
               "file_columns": [{"Position": "0", "Field": "1", "Rule": "3"}]})
    );
}

#[test]
fn the_password_never_shows_in_debug() {
    let request = AuthRequest {
        user: "u".into(),
        password: "hunter2".into(),
        client_code: "300001".into(),
    };
    assert!(!format!("{request:?}").contains("hunter2"));
}

#[test]
fn get_and_delete_send_the_bare_contact_reference() {
    let expected = json!({"contact_code": "7", "contact-list_code": "1"});
    assert_eq!(wire(&ContactGetRequest::new("7", "1")), expected);
    assert_eq!(wire(&ContactDeleteRequest::new("7", "1")), expected);
}

#[test]
fn a_lost_add_is_found_by_its_email_in_any_case_and_nothing_else_is() {
    use crate::dinamize::DinamizeCall;
    let add = ContactAddRequest {
        email: " Ana@Example.com".into(),
        name: None,
        contact_list_code: "1".into(),
        custom_fields: CustomFields::new(),
        external_code: None,
        date_rest: None,
    };
    assert_eq!(
        add.lookup(),
        Some(ContactSearchRequest::by_email("1", " Ana@Example.com"))
    );
    let contact = |code: &str, email: &str| -> Contact {
        serde_json::from_value(json!({"code": code, "email": email})).unwrap()
    };
    let page = |items| ContactSearchResponse { items, next: false };
    let found = add.found(page(vec![
        contact("1", "other@example.com"),
        contact("2", "ana@example.com "),
    ]));
    assert_eq!(found, Some(ContactAddResponse { code: "2".into() }));
    assert_eq!(
        add.found(page(vec![contact("1", "other@example.com")])),
        None
    );
    assert_eq!(ContactSearchRequest::new("1").lookup(), None);
}
