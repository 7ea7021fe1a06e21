//! The opt-in live suite: the client end to end against a real Dinamize account. Every test is
//! `#[ignore]`d, so a normal run reports them as skipped, never as passed. Run them with
//! `cargo nextest run --test live --run-ignored only` and `DINAMIZE_LIVE_BASE_URL`,
//! `DINAMIZE_LIVE_USER`, `DINAMIZE_LIVE_PASSWORD`, `DINAMIZE_LIVE_CLIENT_CODE` and
//! `DINAMIZE_LIVE_LIST` (a scratch list) set, plus the `DINAMIZE_CODE_*` that `calibrate`
//! printed. Run without the credentials, they fail with "not run", never pass.
//! Cost: 9 requests (1 login, 8 calls), about 15 % of one minute's 60.

use std::time::Duration;

use dinamize_sync::dinamize::{
    AuthRequest, ContactAddRequest, ContactDeleteRequest, ContactGetRequest,
    ContactListSearchRequest, ContactSearchRequest, ContactUpdateRequest, DinamizeClient,
    DinamizeError, FieldSearchRequest, UnknownCodes, ValidationKind,
};

struct Live {
    client: DinamizeClient,
    auth: AuthRequest,
    list: String,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The account, or a panic saying the suite was not run (so it can never count as passed).
fn live() -> Live {
    let names = ["BASE_URL", "USER", "PASSWORD", "CLIENT_CODE", "LIST"];
    let values: Vec<Option<String>> = names
        .iter()
        .map(|n| var(&format!("DINAMIZE_LIVE_{n}")))
        .collect();
    let missing: Vec<&str> = names
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_none())
        .map(|(n, _)| *n)
        .collect();
    assert!(
        missing.is_empty(),
        "live suite NOT RUN: DINAMIZE_LIVE_{{{}}} not set",
        missing.join(",")
    );
    let v: Vec<String> = values.into_iter().flatten().collect();
    let mut codes = UnknownCodes::default();
    for (name, slot) in [
        ("EXPIRED_TOKEN", &mut codes.expired_token),
        ("DUPLICATE_CONTACT", &mut codes.duplicate_contact),
        ("NOT_FOUND", &mut codes.not_found),
        ("INVALID_EMAIL", &mut codes.invalid_email),
        ("LIST_NOT_FOUND", &mut codes.list_not_found),
        ("INVALID_REQUEST", &mut codes.invalid_request),
    ] {
        if let Some(code) = var(&format!("DINAMIZE_CODE_{name}")) {
            *slot = code;
        }
    }
    let _ = rustls::crypto::ring::default_provider().install_default();
    let url = url::Url::parse(&v[0]).expect("DINAMIZE_LIVE_BASE_URL is a URL");
    Live {
        client: DinamizeClient::new(url, Duration::from_secs(20), codes).unwrap(),
        auth: AuthRequest {
            user: v[1].clone(),
            password: v[2].clone(),
            client_code: v[3].clone(),
        },
        list: v[4].clone(),
    }
}

#[tokio::test]
#[ignore = "live: needs DINAMIZE_LIVE_* (see the module doc)"]
async fn a_contact_goes_through_add_get_update_search_and_delete_on_the_real_dinamize() {
    let live = live();
    let c = &live.client;
    let token = c.auth(&live.auth).await.expect("login").auth_token;
    c.send(&token, &ContactListSearchRequest::default())
        .await
        .expect("lists");
    c.send(&token, &FieldSearchRequest::new(&live.list))
        .await
        .expect("fields");
    let email = format!("live-suite-{}@example.com", chrono::Utc::now().timestamp());
    let add = ContactAddRequest {
        email: email.clone(),
        name: Some("Live suite".into()),
        contact_list_code: live.list.clone(),
        custom_fields: Default::default(),
        external_code: None,
        date_rest: None,
    };
    let code = c.send(&token, &add).await.expect("add").code;
    let get = ContactGetRequest::new(&code, &live.list);
    let got = c.send(&token, &get).await.expect("get");
    assert_eq!(
        got.email.as_deref().map(str::to_lowercase),
        Some(email.to_lowercase())
    );
    let update = ContactUpdateRequest {
        contact_code: code.clone(),
        contact_list_code: live.list.clone(),
        email: None,
        name: Some("Live suite 2".into()),
        custom_fields: Default::default(),
        external_code: None,
    };
    c.send(&token, &update).await.expect("update");
    let found = c
        .send(&token, &ContactSearchRequest::by_email(&live.list, &email))
        .await
        .expect("search");
    assert!(
        found.items.iter().any(|i| i.code == code),
        "found by e-mail"
    );
    c.send(&token, &ContactDeleteRequest(get.0.clone()))
        .await
        .expect("delete");
    let gone = c.send(&token, &get).await;
    assert!(
        matches!(
            gone,
            Err(DinamizeError::Validation {
                kind: ValidationKind::NotFound,
                ..
            })
        ),
        "a deleted contact is not found under DINAMIZE_CODE_NOT_FOUND: {gone:?}"
    );
}
