//! Each account's lists and custom fields come from the accounts file of `simulate`; the
//! catalogue routes answer from the caller's own layout, and an account naming none keeps the
//! default one.

use crate::support::{Sim, code, start};
use clap::Parser;
use dinamize_sync::sim::cli::SimulateArgs;
use serde_json::{Value, json};

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    args: SimulateArgs,
}

/// Two accounts with layouts of their own (codes as strings, numbers and `cmpN`) and one that
/// names none.
fn accounts_file() -> Value {
    json!([
        {"user": "escola@x", "password": "pa", "client_code": "400001",
         "lists": [{"code": "20", "title": "Alunos"}, {"code": 21, "title": "Ex-alunos"}],
         "fields": [
            {"code": "1", "title": "Email", "type": "VC", "is_uniquevalue": true},
            {"code": "cmp9", "title": "Interesse", "type": "LV", "is_uniquevalue": false,
             "options": [{"code": "10", "value": "Curso"}, {"code": 11, "value": "Pós"}]},
            {"code": 12, "title": "Cidade", "type": "VC"}
         ]},
        {"user": "loja@x", "password": "pb", "client_code": "400002",
         "lists": [{"code": 5, "title": "Clientes"}],
         "fields": [
            {"code": 4, "title": "CNPJ", "type": "VC", "is_uniquevalue": true},
            {"code": 8, "title": "Segmento", "type": "LV",
             "options": [{"code": 1, "value": "Varejo"}, {"code": 2, "value": "Indústria"}]}
         ]},
        {"user": "plain@x", "password": "pc", "client_code": "400003"}
    ])
}

fn write_file(name: &str, content: &Value) -> String {
    let path = std::env::temp_dir().join(format!("{name}-{}.json", std::process::id()));
    std::fs::write(&path, content.to_string()).unwrap();
    path.to_str().unwrap().to_string()
}

fn parse(file: &str) -> Result<dinamize_sync::sim::SimConfig, std::io::Error> {
    let cli = Cli::try_parse_from(["simulate", "--accounts-file", file]).unwrap();
    cli.args.to_config()
}

async fn catalogue(sim: &Sim, token: &str, list: &str) -> (Value, Vec<(String, String)>) {
    let lists = sim
        .call(token, "/emkt/contact-list/search", json!({}))
        .await;
    let fields = sim
        .call(
            token,
            "/emkt/field/search",
            json!({"contact-list_code": list}),
        )
        .await;
    let fields = fields["body"]["items"].as_array().unwrap();
    let fields = fields
        .iter()
        .map(|f| {
            let name = f["code_name"].as_str().unwrap().to_string();
            (
                name,
                format!("{} {}", f["title"], f["type"].as_str().unwrap()),
            )
        })
        .collect();
    (lists["body"]["items"].clone(), fields)
}

async fn options(sim: &Sim, token: &str, list: &str, field: &str) -> Value {
    let body = json!({"contact-list_code": list, "field_code": field});
    sim.call(token, "/emkt/field-lov/search", body).await
}

#[actix_web::test]
async fn two_accounts_of_an_accounts_file_each_see_only_their_own_lists_and_fields() {
    let file = write_file("sim-layouts", &accounts_file());
    let sim = start(parse(&file).unwrap()).await;
    let school = sim.login_as("escola@x", "pa", "400001").await;
    let shop = sim.login_as("loja@x", "pb", "400002").await;

    let (lists, fields) = catalogue(&sim, &school, "20").await;
    assert_eq!(
        lists,
        json!([{"code": "20", "title": "Alunos"}, {"code": "21", "title": "Ex-alunos"}])
    );
    let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["cmp2", "cmp3", "cmp1", "cmp9", "cmp12"]);
    assert_eq!(
        fields[2].1, r#""Email" VC"#,
        "the file's own title for cmp1"
    );
    assert_eq!(fields[3].1, r#""Interesse" LV"#);
    let school_options = options(&sim, &school, "20", "cmp9").await;
    assert_eq!(
        school_options["body"]["list"],
        json!([{"code": "10", "value": "Curso"}, {"code": "11", "value": "Pós"}])
    );

    let (lists, fields) = catalogue(&sim, &shop, "5").await;
    assert_eq!(lists, json!([{"code": "5", "title": "Clientes"}]));
    let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["cmp1", "cmp2", "cmp3", "cmp4", "cmp8"]);
    let shop_options = options(&sim, &shop, "5", "8").await;
    assert_eq!(shop_options["body"]["list"][1]["value"], "Indústria");

    // Neither sees the other's lists, fields or options.
    assert_eq!(code(&catalogue_fields(&sim, &shop, "20").await), "240103");
    assert_eq!(code(&options(&sim, &shop, "5", "cmp9").await), "240104");
    let add =
        json!({"contact-list_code": "20", "email": "a@x.com", "custom_fields": {"cmp8": "1"}});
    let refused = sim.call(&school, "/emkt/contact/add", add).await;
    assert_eq!(
        code(&refused),
        "240104",
        "cmp8 is the shop's, not the school's"
    );
    let add = json!({"contact-list_code": "20", "email": "a@x.com", "custom_fields": {"cmp9": 11, "cmp12": "Porto Alegre"}});
    assert_eq!(
        code(&sim.call(&school, "/emkt/contact/add", add).await),
        "480001"
    );
    let found = sim
        .call(
            &school,
            "/emkt/contact/search",
            json!({"contact-list_code": "20", "search": [{"field": "cmp9", "operator": "=", "value": "11"}]}),
        )
        .await;
    assert_eq!(found["body"]["items"][0]["custom_fields"]["cmp9"], "11");
}

async fn catalogue_fields(sim: &Sim, token: &str, list: &str) -> Value {
    let body = json!({"contact-list_code": list});
    sim.call(token, "/emkt/field/search", body).await
}

#[actix_web::test]
async fn an_account_that_names_no_layout_keeps_the_default_lists_and_fields() {
    let file = write_file("sim-layouts-default", &accounts_file());
    let sim = start(parse(&file).unwrap()).await;
    let plain = sim.login_as("plain@x", "pc", "400003").await;
    let (lists, fields) = catalogue(&sim, &plain, "1").await;
    assert_eq!(lists, json!([{"code": "1", "title": "Leads CRM"}]));
    let expected = [
        ("cmp1", "E-mail", "VC"),
        ("cmp2", "Nome", "VC"),
        ("cmp3", "Código externo", "VC"),
        ("cmp4", "Telefone", "VC"),
        ("cmp5", "Empresa", "VC"),
        ("cmp6", "Cargo", "VC"),
        ("cmp7", "Origem", "LV"),
    ]
    .map(|(n, t, k)| (n.to_string(), format!("{t:?} {k}")));
    assert_eq!(fields, expected);
    let origins = options(&sim, &plain, "1", "7").await;
    assert_eq!(
        origins["body"]["list"],
        json!([{"code": "1", "value": "Site"}, {"code": "2", "value": "Feira"}, {"code": "3", "value": "Indicação"}])
    );
}

#[test]
fn an_accounts_file_with_a_bad_layout_is_refused_naming_the_account() {
    let bad_type = json!([{"user": "u@x", "password": "p", "client_code": "1",
        "fields": [{"code": 4, "title": "Data", "type": "DT"}]}]);
    let error = parse(&write_file("sim-layout-bad-type", &bad_type)).unwrap_err();
    assert!(error.to_string().contains("u@x"), "{error}");
    assert!(error.to_string().contains("DT"), "{error}");
    let twice = json!([{"user": "v@x", "password": "p", "client_code": "1",
        "fields": [{"code": 9, "title": "A", "type": "LV",
                    "options": [{"code": 1, "value": "a"}, {"code": "1", "value": "b"}]}]}]);
    let error = parse(&write_file("sim-layout-twice", &twice)).unwrap_err();
    assert!(error.to_string().contains("option code 1"), "{error}");
}

#[actix_web::test]
async fn an_account_added_by_the_admin_route_brings_its_own_layout() {
    let sim = start(Default::default()).await;
    let account = json!({"user": "n@x", "password": "pn", "client_code": "400009",
        "lists": [{"code": 3, "title": "Novos"}]});
    sim.admin(reqwest::Method::POST, "/_sim/accounts", account)
        .await;
    let token = sim.login_as("n@x", "pn", "400009").await;
    let (lists, fields) = catalogue(&sim, &token, "3").await;
    assert_eq!(lists, json!([{"code": "3", "title": "Novos"}]));
    assert_eq!(fields.len(), 7, "no fields named: the default fields");
    let bad = json!({"user": "m@x", "password": "p", "client_code": "400010",
        "fields": [{"code": 4, "title": "x", "type": "VC", "options": [{"code": 1, "value": "a"}]}]});
    let response = sim
        .http
        .post(sim.url("/_sim/accounts"))
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}
