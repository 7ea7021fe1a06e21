//! The OpenAPI document lists the leads routes, their parameters, the page shape and the
//! account's field mapping.

use serde_json::Value;

use super::support::app;

#[actix_web::test]
async fn the_openapi_document_lists_the_leads_routes() {
    let app = app().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let paths = &doc["paths"];
    for (path, methods) in [
        ("/api/leads", &["get", "post"][..]),
        ("/api/leads/{id}", &["get", "patch", "delete"][..]),
    ] {
        for method in methods {
            let operation = &paths[path][method];
            assert!(operation.is_object(), "{method} {path}");
            assert!(
                operation["responses"]["400"].is_object(),
                "{method} {path} documents 400"
            );
            assert!(
                operation["responses"]["401"].is_object(),
                "{method} {path} documents 401"
            );
        }
    }
    let list = &paths["/api/leads"]["get"];
    let names: Vec<&str> = list["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "page",
            "limit",
            "sync_status",
            "updated_since",
            "include_deleted"
        ]
    );
    let page = list["responses"]["200"]["content"]["application/json"]["schema"].to_string();
    assert!(
        page.contains("pagination") || page.contains("Page"),
        "{page}"
    );
    let schemas = &doc["components"]["schemas"];
    assert!(schemas["Pagination"]["properties"]["total"].is_object());
    assert!(schemas["LeadView"]["properties"]["sync"].is_object());
    assert!(schemas["AccountView"]["properties"]["field_mapping"].is_object());
    assert!(schemas["AccountRequest"]["properties"]["field_mapping"].is_object());
    assert!(paths["/api/leads/{id}"]["get"]["responses"]["404"].is_object());
}
