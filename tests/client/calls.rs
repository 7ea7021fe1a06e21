//! Every call, with what reached the simulator: path, POST, `auth-token`, ids and paging as
//! strings, `contact-list_code`, `{}` for an empty body, the multipart parts of the import.

use dinamize_sync::dinamize::*;
use serde_json::json;

use super::{assert_json_call, credentials, last, login, start};

#[actix_web::test]
async fn auth_posts_the_credentials_and_returns_the_token_and_manager_flag() {
    let (sim, client) = start().await;
    let answer = client.auth(&credentials()).await.unwrap();
    assert!(answer.auth_token.len() >= 60, "token of the real shape");
    assert!(!answer.manager);
    let entry = last(&sim, AuthRequest::PATH);
    assert_eq!(entry.method, "POST");
    assert!(entry.headers.get("auth-token").is_none());
    assert_eq!(
        entry.body,
        json!({"user": "sim@dwu.local", "password": "sim-password", "client_code": "300001"})
    );
}

#[actix_web::test]
async fn a_wrong_password_is_an_auth_error() {
    let (_sim, client) = start().await;
    let wrong = AuthRequest {
        password: "nope".into(),
        ..credentials()
    };
    let error = client.auth(&wrong).await.unwrap_err();
    assert!(
        matches!(&error, DinamizeError::Auth { code, request_unique: Some(_), .. } if code == "240004"),
        "{error:?}"
    );
    assert!(!error.to_string().contains("nope"));
}

#[actix_web::test]
async fn contact_add_get_update_and_delete_round_trip_with_the_api_wire_format() {
    let (sim, client) = start().await;
    let token = login(&client).await;
    let mut custom = CustomFields::new();
    custom.insert("cmp4".into(), "11 99999-0000".into());
    custom.insert(
        "cmp7".into(),
        FieldValue::List(vec!["1".into(), "2".into()]),
    );
    let add = ContactAddRequest {
        email: "ana@example.com".into(),
        name: Some("Ana".into()),
        contact_list_code: "1".into(),
        custom_fields: custom,
        external_code: Some("lead-1".into()),
        date_rest: None,
    };
    let code = client.send(&token, &add).await.unwrap().code;
    assert_json_call(
        &last(&sim, ContactAddRequest::PATH),
        &token,
        &json!({"email": "ana@example.com", "name": "Ana", "contact-list_code": "1", "external_code": "lead-1",
                "custom_fields": {"cmp4": "11 99999-0000", "cmp7": ["1", "2"]}}),
    );

    let contact = client
        .send(&token, &ContactGetRequest::new(code.clone(), "1"))
        .await
        .unwrap();
    assert_json_call(
        &last(&sim, ContactGetRequest::PATH),
        &token,
        &json!({"contact_code": code, "contact-list_code": "1"}),
    );
    assert_eq!(contact.email.as_deref(), Some("ana@example.com"));
    assert_eq!(
        contact.custom_fields["cmp7"],
        FieldValue::List(vec!["1".into(), "2".into()])
    );
    assert_eq!(contact.status.as_deref(), Some("V"));

    let update = ContactUpdateRequest {
        contact_code: code.clone(),
        contact_list_code: "1".into(),
        email: None,
        name: Some("Ana Maria".into()),
        custom_fields: CustomFields::new(),
        external_code: None,
    };
    let rows = client.send(&token, &update).await.unwrap();
    assert_eq!(rows.affected_rows, Some(1));
    assert_json_call(
        &last(&sim, ContactUpdateRequest::PATH),
        &token,
        &json!({"contact_code": code, "contact-list_code": "1", "name": "Ana Maria"}),
    );

    let rows = client
        .send(&token, &ContactDeleteRequest::new(code.clone(), "1"))
        .await
        .unwrap();
    assert_eq!(rows.affected_rows, Some(1));
    assert_json_call(
        &last(&sim, ContactDeleteRequest::PATH),
        &token,
        &json!({"contact_code": code, "contact-list_code": "1"}),
    );
}

#[actix_web::test]
async fn contact_search_sends_paging_as_strings_and_pages_with_next() {
    let (sim, client) = start().await;
    sim.state().seed_contacts("300001", 1, 5).unwrap();
    let token = login(&client).await;
    let mut request = ContactSearchRequest::new("1");
    request.page_size = 2;
    request.page_number = 2;
    request.status_contact = Some(StatusContact::NoRest);
    request.search = vec![SearchFilter::new("email", Operator::Contains, "@")];
    request.order = vec![Order {
        field: "email".into(),
        order_type: OrderType::Asc,
    }];
    let page = client.send(&token, &request).await.unwrap();
    assert_eq!(page.items.len(), 2);
    assert!(page.next);
    assert_json_call(
        &last(&sim, ContactSearchRequest::PATH),
        &token,
        &json!({"contact-list_code": "1", "page_number": "2", "page_size": "2", "status_contact": "NO_REST",
                "search": [{"field": "email", "operator": "*v*", "value": "@"}],
                "order": [{"field": "email", "type": "ASC"}]}),
    );
    request.page_number = 3;
    let page = client.send(&token, &request).await.unwrap();
    assert_eq!((page.items.len(), page.next), (1, false));
}

#[actix_web::test]
async fn a_search_by_email_finds_exactly_that_contact() {
    let (_sim, client) = start().await;
    let token = login(&client).await;
    let add = ContactAddRequest {
        email: "bia@example.com".into(),
        name: None,
        contact_list_code: "1".into(),
        custom_fields: CustomFields::new(),
        external_code: None,
        date_rest: None,
    };
    let code = client.send(&token, &add).await.unwrap().code;
    let page = client
        .send(
            &token,
            &ContactSearchRequest::by_email("1", "bia@example.com"),
        )
        .await
        .unwrap();
    assert_eq!(
        page.items
            .iter()
            .map(|c| c.code.clone())
            .collect::<Vec<_>>(),
        vec![code]
    );
}

#[actix_web::test]
async fn contact_list_search_sends_an_empty_object_when_nothing_is_set() {
    let (sim, client) = start().await;
    let token = login(&client).await;
    let page = client
        .send(&token, &ContactListSearchRequest::default())
        .await
        .unwrap();
    assert_eq!(
        page.items,
        vec![ContactList {
            code: "1".into(),
            title: Some("Leads CRM".into())
        }]
    );
    assert_json_call(
        &last(&sim, ContactListSearchRequest::PATH),
        &token,
        &json!({}),
    );
    client
        .send(&token, &ContactListSearchRequest::page(1, 10))
        .await
        .unwrap();
    assert_json_call(
        &last(&sim, ContactListSearchRequest::PATH),
        &token,
        &json!({"page_number": "1", "page_size": "10"}),
    );
}

#[actix_web::test]
async fn field_search_and_field_options_are_listed() {
    let (sim, client) = start().await;
    let token = login(&client).await;
    let fields = client
        .send(&token, &FieldSearchRequest::new("1"))
        .await
        .unwrap();
    assert_json_call(
        &last(&sim, FieldSearchRequest::PATH),
        &token,
        &json!({"contact-list_code": "1", "page_number": "1", "page_size": "100"}),
    );
    let origin = fields
        .items
        .iter()
        .find(|f| f.code_name.as_deref() == Some("cmp7"))
        .unwrap();
    assert_eq!(origin.field_type.as_deref(), Some("LV"));
    let options = client
        .send(
            &token,
            &FieldLovSearchRequest::new("1", origin.code.clone()),
        )
        .await
        .unwrap();
    assert_json_call(
        &last(&sim, FieldLovSearchRequest::PATH),
        &token,
        &json!({"contact-list_code": "1", "field_code": "7", "page_number": "1", "page_size": "100"}),
    );
    assert_eq!(
        options.list[0],
        FieldOption {
            code: "1".into(),
            value: Some("Site".into())
        }
    );
}

#[actix_web::test]
async fn send_answers_every_call_with_its_own_answer_type_from_its_own_path() {
    let (sim, client) = start().await;
    let token = login(&client).await;
    // Each call's answer type follows from its request type (checked by the compiler); each
    // goes to its own path.
    let _: ContactSearchResponse = client
        .send(&token, &ContactSearchRequest::new("1"))
        .await
        .unwrap();
    last(&sim, ContactSearchRequest::PATH);
    let _: ContactListSearchResponse = client
        .send(&token, &ContactListSearchRequest::default())
        .await
        .unwrap();
    last(&sim, ContactListSearchRequest::PATH);
    let _: FieldSearchResponse = client
        .send(&token, &FieldSearchRequest::new("1"))
        .await
        .unwrap();
    last(&sim, FieldSearchRequest::PATH);
    let _: FieldLovSearchResponse = client
        .send(&token, &FieldLovSearchRequest::new("1", "7"))
        .await
        .unwrap();
    last(&sim, FieldLovSearchRequest::PATH);
}
