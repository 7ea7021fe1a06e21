//! `/emkt/contact/search`: every operator, AND, order, paging with `next`, `status_contact`.

use crate::support::{Sim, code, start_default};
use serde_json::{Value, json};

/// Three contacts with distinct e-mails, names, phones (cmp4) and origins (cmp7).
async fn three_contacts(sim: &Sim, token: &str) {
    let people = [
        ("ana@gmail.com", "Ana Souza", "11", json!("1")),
        ("bruno@empresa.com.br", "Bruno Lima", "5", json!(["2", "3"])),
        ("carla@gmail.com", "Carla Dias", "300", json!(2)),
    ];
    for (email, name, phone, origin) in people {
        let custom = json!({"cmp4": phone, "cmp7": origin});
        sim.add(
            token,
            json!({"email": email, "name": name, "custom_fields": custom}),
        )
        .await;
    }
}

async fn emails(sim: &Sim, token: &str, body: Value) -> Vec<String> {
    let mut body = body;
    body["contact-list_code"] = json!("1");
    let envelope = sim.call(token, "/emkt/contact/search", body.clone()).await;
    assert_eq!(code(&envelope), "480001", "{body} -> {envelope}");
    let items = envelope["body"]["items"].as_array().unwrap();
    items
        .iter()
        .map(|i| {
            i["email"]
                .as_str()
                .unwrap()
                .split('@')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn one(field: &str, operator: &str, value: Value) -> Value {
    json!({"search": [{"field": field, "operator": operator, "value": value}]})
}

#[actix_web::test]
async fn every_operator_selects_the_contacts_it_should() {
    let sim = start_default().await;
    let token = sim.login().await;
    three_contacts(&sim, &token).await;
    let cases = [
        ("email", "=", json!("ANA@gmail.com"), vec!["ana"]),
        (
            "email",
            "!=",
            json!("ana@gmail.com"),
            vec!["bruno", "carla"],
        ),
        ("email", "*v*", json!("gmail"), vec!["ana", "carla"]),
        ("email", "!*v*", json!("gmail"), vec!["bruno"]),
        ("name", "v*", json!("br"), vec!["bruno"]),
        ("name", "!v*", json!("br"), vec!["ana", "carla"]),
        ("cmp1", "*v", json!(".com.br"), vec!["bruno"]),
        ("cmp1", "!*v", json!(".com.br"), vec!["ana", "carla"]),
        ("cmp4", "<", json!(11), vec!["bruno"]),
        ("cmp4", ">", json!("11"), vec!["carla"]),
        ("cmp4", "<=", json!("11"), vec!["ana", "bruno"]),
        ("cmp4", ">=", json!("11"), vec!["ana", "carla"]),
        ("cmp7", "=", json!("2"), vec!["bruno", "carla"]),
        ("cmp7", "!=", json!("2"), vec!["ana"]),
        ("code", ">", json!("1"), vec!["bruno", "carla"]),
    ];
    for (field, operator, value, expected) in cases {
        let found = emails(&sim, &token, one(field, operator, value.clone())).await;
        assert_eq!(found, expected, "{field} {operator} {value}");
    }
}

#[actix_web::test]
async fn conditions_are_anded() {
    let sim = start_default().await;
    let token = sim.login().await;
    three_contacts(&sim, &token).await;
    let search = json!({"search": [
        {"field": "email", "operator": "*v*", "value": "gmail"},
        {"field": "name", "operator": "v*", "value": "c"},
    ]});
    assert_eq!(emails(&sim, &token, search).await, ["carla"]);
}

#[actix_web::test]
async fn order_sorts_by_each_key_in_turn() {
    let sim = start_default().await;
    let token = sim.login().await;
    three_contacts(&sim, &token).await;
    let by_name_desc = json!({"order": [{"field": "name", "type": "DESC"}]});
    assert_eq!(
        emails(&sim, &token, by_name_desc).await,
        ["carla", "bruno", "ana"]
    );
    let by_phone = json!({"order": [{"field": "cmp4", "type": "ASC"}]});
    assert_eq!(
        emails(&sim, &token, by_phone).await,
        ["bruno", "ana", "carla"]
    );
    let origin_then_email = json!({"order": [
        {"field": "cmp7", "type": "DESC"},
        {"field": "email", "type": "asc"},
    ]});
    let found = emails(&sim, &token, origin_then_email).await;
    assert_eq!(
        found,
        ["bruno", "carla", "ana"],
        "origin 2 ties, then by e-mail"
    );
}

#[actix_web::test]
async fn pages_follow_one_another_and_next_says_whether_more_remain() {
    let sim = start_default().await;
    let token = sim.login().await;
    sim.handle.state().seed_contacts("300001", 1, 5).unwrap();
    let mut seen = Vec::new();
    let mut nexts = Vec::new();
    for page in 1..=3 {
        let body = json!({"contact-list_code": 1, "page_number": page, "page_size": "2"});
        let envelope = sim.call(&token, "/emkt/contact/search", body).await;
        let items = envelope["body"]["items"].as_array().unwrap().clone();
        seen.extend(
            items
                .iter()
                .map(|i| i["code"].as_str().unwrap().to_string()),
        );
        nexts.push(envelope["body"]["next"].as_bool().unwrap());
    }
    assert_eq!(seen, ["1", "2", "3", "4", "5"]);
    assert_eq!(nexts, [true, true, false]);
}

#[actix_web::test]
async fn an_item_carries_every_contact_field() {
    let sim = start_default().await;
    let token = sim.login().await;
    let custom = json!({"cmp5": "DWU", "cmp7": ["1", "3"]});
    let contact =
        json!({"email": "x@y.com", "name": "X", "external_code": "L-9", "custom_fields": custom});
    sim.add(&token, contact).await;
    let body = json!({"contact-list_code": "1", "search": [{"field": "email", "operator": "=", "value": "x@y.com"}]});
    let envelope = sim.call(&token, "/emkt/contact/search", body).await;
    let item = &envelope["body"]["items"][0];
    assert_eq!(item["code"], "1");
    assert_eq!(item["name"], "X");
    assert_eq!(item["external_code"], "L-9");
    assert_eq!(item["status"], "V");
    assert_eq!(
        (item["optout"].clone(), item["spam"].clone()),
        (json!(false), json!(false))
    );
    assert_eq!(item["custom_fields"], custom);
    let date = item["insert_date"].as_str().unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(date, "%Y-%m-%d %H:%M:%S").is_ok(),
        "{date}"
    );
}

#[actix_web::test]
async fn status_contact_separates_resting_contacts() {
    let sim = start_default().await;
    let token = sim.login().await;
    sim.add(&token, json!({"email": "awake@x.com"})).await;
    sim.add(
        &token,
        json!({"email": "rests@x.com", "date_rest": "2999-01-01 00:00:00"}),
    )
    .await;
    sim.add(
        &token,
        json!({"email": "rested@x.com", "date_rest": "2001-01-01"}),
    )
    .await;
    let no_rest = emails(&sim, &token, json!({"status_contact": "NO_REST"})).await;
    assert_eq!(no_rest, ["awake", "rested"]);
    let rest_only = emails(&sim, &token, json!({"status_contact": "REST_ONLY"})).await;
    assert_eq!(rest_only, ["rests"]);
    assert_eq!(emails(&sim, &token, json!({})).await.len(), 3);
}
