//! `/emkt/contact/{add,get,update,delete}`, duplicates, lists, fields and options, seeding.

use crate::support::{code, start, start_default};
use dinamize_sync::sim::{DuplicatePolicy, ListSeed, SimConfig};
use serde_json::json;

#[actix_web::test]
async fn a_contact_is_added_read_updated_and_deleted() {
    let sim = start_default().await;
    let token = sim.login().await;
    let custom = json!({"cmp4": "555", "cmp5": "DWU"});
    let added = sim
        .add(
            &token,
            json!({"email": "a@x.com", "name": "A", "custom_fields": custom}),
        )
        .await;
    let key = json!({"contact_code": added, "contact-list_code": "1"});
    let got = sim.call(&token, "/emkt/contact/get", key.clone()).await;
    assert_eq!(got["body"]["email"], "a@x.com");
    let mut change = key.clone();
    change["name"] = json!("A2");
    change["custom_fields"] = json!({"cmp4": 777});
    let updated = sim.call(&token, "/emkt/contact/update", change).await;
    assert_eq!(code(&updated), "480001");
    assert_eq!(updated["body"]["affected_rows"], 1);
    let got = sim.call(&token, "/emkt/contact/get", key.clone()).await;
    assert_eq!(got["body"]["email"], "a@x.com", "omitted fields are kept");
    assert_eq!(got["body"]["name"], "A2");
    assert_eq!(
        got["body"]["custom_fields"],
        json!({"cmp4": "777", "cmp5": "DWU"}),
        "a number sent to a text field is stored as its text"
    );
    let deleted = sim.call(&token, "/emkt/contact/delete", key.clone()).await;
    assert_eq!(deleted["body"]["affected_rows"], 1);
    let gone = sim.call(&token, "/emkt/contact/get", key).await;
    assert_eq!(code(&gone), "240101");
}

#[actix_web::test]
async fn bad_emails_missing_contacts_and_missing_lists_get_their_placeholder_codes() {
    let sim = start_default().await;
    let token = sim.login().await;
    let bad_email = json!({"contact-list_code": "1", "email": "not-an-email"});
    assert_eq!(
        code(&sim.call(&token, "/emkt/contact/add", bad_email).await),
        "240102"
    );
    let no_list = json!({"contact-list_code": "9", "email": "a@x.com"});
    assert_eq!(
        code(&sim.call(&token, "/emkt/contact/add", no_list).await),
        "240103"
    );
    let update = json!({"contact-list_code": "1", "contact_code": "42", "name": "x"});
    assert_eq!(
        code(&sim.call(&token, "/emkt/contact/update", update).await),
        "240101"
    );
    let delete = json!({"contact-list_code": "1", "contact_code": 42});
    assert_eq!(
        code(&sim.call(&token, "/emkt/contact/delete", delete).await),
        "240101"
    );
}

#[actix_web::test]
async fn a_duplicate_email_is_rejected_by_default_and_allowed_when_set() {
    let sim = start_default().await;
    let token = sim.login().await;
    sim.add(&token, json!({"email": "dup@x.com"})).await;
    let again = json!({"contact-list_code": "1", "email": "DUP@x.com"});
    let envelope = sim.call(&token, "/emkt/contact/add", again.clone()).await;
    assert_eq!(code(&envelope), "240100");
    assert_eq!(sim.handle.state().contact_count(), 1);

    let config = SimConfig {
        duplicates: DuplicatePolicy::Allow,
        ..SimConfig::default()
    };
    let sim = start(config).await;
    let token = sim.login().await;
    sim.add(&token, json!({"email": "dup@x.com"})).await;
    let envelope = sim.call(&token, "/emkt/contact/add", again).await;
    assert_eq!(code(&envelope), "480001");
    assert_eq!(sim.handle.state().contact_count(), 2);
}

#[actix_web::test]
async fn lists_fields_and_options_are_seeded() {
    let sim = start_default().await;
    let token = sim.login().await;
    let lists = sim
        .call(
            &token,
            "/emkt/contact-list/search",
            json!({"page_number": "1", "page_size": "10"}),
        )
        .await;
    assert_eq!(
        lists["body"]["items"],
        json!([{"code": "1", "title": "Leads CRM"}])
    );
    assert_eq!(lists["body"]["next"], false);
    let fields = sim
        .call(
            &token,
            "/emkt/field/search",
            json!({"contact-list_code": "1"}),
        )
        .await;
    let items = fields["body"]["items"].as_array().unwrap();
    let names: Vec<&str> = items
        .iter()
        .map(|f| f["code_name"].as_str().unwrap())
        .collect();
    assert_eq!(&names[..4], ["cmp1", "cmp2", "cmp3", "cmp4"]);
    let lv = items.iter().find(|f| f["type"] == "LV").unwrap();
    assert_eq!(lv["is_uniquevalue"], false);
    let body = json!({"contact-list_code": "1", "field_code": lv["code"].clone()});
    let options = sim.call(&token, "/emkt/field-lov/search", body).await;
    assert_eq!(
        options["body"]["list"][0],
        json!({"code": "1", "value": "Site"})
    );
    let bad_option =
        json!({"contact-list_code": "1", "email": "o@x.com", "custom_fields": {"cmp7": "9"}});
    assert_eq!(
        code(&sim.call(&token, "/emkt/contact/add", bad_option).await),
        "240104"
    );
}

#[actix_web::test]
async fn lists_page_and_order_by_title_then_code() {
    let lists = [
        (1, "Leads CRM"),
        (2, "Clientes"),
        (3, "Leads CRM"),
        (4, "Antigos"),
    ];
    let config = SimConfig {
        lists: lists
            .map(|(code, title)| ListSeed {
                code,
                title: title.into(),
            })
            .to_vec(),
        ..SimConfig::default()
    };
    let sim = start(config).await;
    let token = sim.login().await;
    let order = json!([{"field": "title", "type": "DESC"}, {"field": "code", "type": "ASC"}]);
    let mut codes = Vec::new();
    for page in ["1", "2"] {
        let body = json!({"page_number": page, "page_size": "3", "order": order});
        let envelope = sim.call(&token, "/emkt/contact-list/search", body).await;
        let items = envelope["body"]["items"].as_array().unwrap().clone();
        codes.extend(
            items
                .iter()
                .map(|i| i["code"].as_str().unwrap().to_string()),
        );
        assert_eq!(envelope["body"]["next"], page == "1");
    }
    assert_eq!(codes, ["1", "3", "2", "4"]);
}

#[actix_web::test]
async fn seeding_through_the_admin_route_fills_a_list() {
    let sim = start_default().await;
    let seeded = sim
        .admin(reqwest::Method::POST, "/_sim/seed", json!({"count": 1000}))
        .await;
    assert_eq!(seeded["seeded"], 1000);
    assert_eq!(sim.handle.state().contact_count(), 1000);
    let listed = sim
        .admin_get("/_sim/contacts?list=1&client_code=300001")
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 1000);
    assert_eq!(listed[0]["email"], "seed-1@sim.test");
}
