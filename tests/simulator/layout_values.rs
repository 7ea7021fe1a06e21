//! Custom field values in the shapes public clients of the real API send, read back as the
//! simulator stores them, and the shapes it refuses.

use crate::support::{Sim, code, start_default};
use serde_json::{Value, json};

async fn update(sim: &Sim, token: &str, contact: &str, custom: Value) -> Value {
    let body = json!({"contact-list_code": "1", "contact_code": contact, "custom_fields": custom});
    sim.call(token, "/emkt/contact/update", body).await
}

async fn stored(sim: &Sim, token: &str, contact: &str) -> Value {
    let body = json!({"contact-list_code": 1, "contact_code": contact});
    sim.call(token, "/emkt/contact/get", body).await["body"]["custom_fields"].clone()
}

#[actix_web::test]
async fn each_value_shape_is_accepted_and_read_back() {
    let sim = start_default().await;
    let token = sim.login().await;
    let contact = sim.add(&token, json!({"email": "v@x.com"})).await;
    // (sent for cmp7 Origem (LV) and cmp4 Telefone (VC), then read back)
    let shapes = [
        (
            json!({"cmp7": "2", "cmp4": "555"}),
            json!({"cmp7": "2", "cmp4": "555"}),
        ),
        (
            json!({"cmp7": 3, "cmp4": 5551234}),
            json!({"cmp7": "3", "cmp4": "5551234"}),
        ),
        (
            json!({"cmp7": ["1", 3]}),
            json!({"cmp7": ["1", "3"], "cmp4": "5551234"}),
        ),
        (
            json!({"cmp7": [2]}),
            json!({"cmp7": ["2"], "cmp4": "5551234"}),
        ),
        (json!({"cmp7": []}), json!({"cmp4": "5551234"})),
        (json!({"cmp7": " 1 ", "cmp4": null}), json!({"cmp7": "1"})),
    ];
    for (sent, expected) in shapes {
        let answer = update(&sim, &token, &contact, sent.clone()).await;
        assert_eq!(code(&answer), "480001", "{sent}: {answer}");
        assert_eq!(
            stored(&sim, &token, &contact).await,
            expected,
            "after {sent}"
        );
    }
    let added = sim
        .add(
            &token,
            json!({"email": "n@x.com", "name": 42, "custom_fields": {"cmp7": [3, "2"], "cmp5": 1.5}}),
        )
        .await;
    let got = sim
        .call(
            &token,
            "/emkt/contact/get",
            json!({"contact-list_code": "1", "contact_code": added}),
        )
        .await;
    assert_eq!(got["body"]["name"], "42");
    assert_eq!(
        got["body"]["custom_fields"],
        json!({"cmp7": ["3", "2"], "cmp5": "1.5"})
    );
}

#[actix_web::test]
async fn unknown_options_unknown_fields_and_other_shapes_are_refused_as_invalid_requests() {
    let sim = start_default().await;
    let token = sim.login().await;
    let contact = sim.add(&token, json!({"email": "r@x.com"})).await;
    update(&sim, &token, &contact, json!({"cmp7": "1", "cmp4": "555"})).await;
    let refused = [
        (json!({"cmp7": "9"}), "cmp7"),
        (json!({"cmp7": 9}), "cmp7"),
        (json!({"cmp7": ["1", "9"]}), "cmp7"),
        (json!({"cmp7": "Site"}), "cmp7"),
        (json!({"cmp7": true}), "cmp7"),
        (json!({"cmp4": {"n": 1}}), "cmp4"),
        (json!({"cmp4": [["a"]]}), "cmp4"),
        (json!({"cmp99": "x"}), "cmp99"),
        (json!({"cmp2": ["a", "b"]}), "cmp2"),
    ];
    for (sent, field) in refused {
        let answer = update(&sim, &token, &contact, sent.clone()).await;
        assert_eq!(code(&answer), "240104", "{sent} is an invalid request");
        let detail = answer["code_detail"].as_str().unwrap();
        assert!(detail.contains(field), "{sent}: {detail}");
    }
    assert_eq!(
        stored(&sim, &token, &contact).await,
        json!({"cmp7": "1", "cmp4": "555"}),
        "a refused update changes nothing"
    );
    let add =
        json!({"contact-list_code": "1", "email": "s@x.com", "custom_fields": {"cmp7": ["9"]}});
    assert_eq!(
        code(&sim.call(&token, "/emkt/contact/add", add).await),
        "240104"
    );
    assert_eq!(sim.handle.state().contact_count(), 1, "nothing was added");
}
