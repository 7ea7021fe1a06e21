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
    let account = &schemas["AccountRequest"]["allOf"];
    assert!(account[0]["properties"]["field_mapping"].is_object());
    assert!(paths["/api/leads/{id}"]["get"]["responses"]["404"].is_object());
}

#[actix_web::test]
async fn the_leads_document_states_what_the_validators_refuse() {
    let app = app().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let (paths, schemas) = (&doc["paths"], &doc["components"]["schemas"]);
    for name in ["CreateLeadRequest", "PatchLeadRequest"] {
        let body = &schemas[name];
        assert_eq!(
            body["additionalProperties"], false,
            "{name} refuses unknown fields"
        );
        assert_eq!(body["properties"]["phone"]["maxLength"], 64, "{name}");
        let custom = &body["properties"]["custom_fields"];
        assert_eq!(custom["maxProperties"], 200, "{name}");
        assert_eq!(custom["propertyNames"]["maxLength"], 64, "{name}");
    }
    assert!(schemas["LeadFieldValue"]["oneOf"].is_array());
    for (path, method) in [("/api/leads", "post"), ("/api/leads/{id}", "patch")] {
        let responses = &paths[path][method]["responses"];
        for status in ["413", "415"] {
            assert!(
                responses[status].is_object(),
                "{method} {path} documents {status}"
            );
        }
    }
    for method in ["get", "patch", "delete"] {
        let id = &paths["/api/leads/{id}"][method]["parameters"][0];
        assert_eq!(id["schema"]["minimum"], 1, "{method}");
        assert_eq!(id["schema"]["format"], "int64", "{method}");
    }
    let filters = &paths["/api/leads"]["get"]["parameters"];
    assert_eq!(
        filters[2]["schema"]["enum"],
        serde_json::json!(["pending", "synced", "failed", "not_synced", ""])
    );
}
