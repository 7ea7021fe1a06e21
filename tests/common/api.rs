//! Calling the service as the CRM frontend does: signed JWTs, JSON bodies, extra companies.

use dinamize_sync::auth::{Claims, Role, issue};
use dinamize_sync::sim::Account;

use super::TestApp;

impl TestApp {
    /// A JWT for `company_id` with `role`, shaped as the CRM issues them (numeric `sub`, the
    /// company in `companyId` and `companyIds`), signed with the service's secret, valid 1 h.
    pub fn token(&self, company_id: i64, role: Role) -> String {
        let now = chrono::Utc::now().timestamp();
        self.sign(&Claims::for_company(
            1000 + company_id,
            company_id,
            role,
            now,
            3600,
        ))
    }

    /// Signs any JSON payload with the service's secret (HS256), as the CRM's backend does.
    pub fn sign_payload(&self, payload: &serde_json::Value) -> String {
        let key =
            jsonwebtoken::EncodingKey::from_secret(self.ctx.config.jwt.secret.expose().as_bytes())
                .unwrap();
        jsonwebtoken::encode(&jsonwebtoken::Header::default(), payload, &key).unwrap()
    }

    /// Signs arbitrary claims with the service's secret.
    pub fn sign(&self, claims: &Claims) -> String {
        issue(claims, self.ctx.config.jwt.secret.expose().as_bytes()).unwrap()
    }

    /// `POST <path>` with a JSON body and a bearer token.
    pub async fn post_json(
        &self,
        path: &str,
        token: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.address))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("the request reaches the service")
    }

    /// `GET <path>` with a bearer token.
    pub async fn get_with(&self, path: &str, token: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.address))
            .bearer_auth(token)
            .send()
            .await
            .expect("the request reaches the service")
    }

    /// Adds company `company_id` with a Dinamize account `user/password/client_code` that the
    /// embedded simulator knows when `known_to_dinamize` (else Dinamize refuses it).
    pub async fn add_company(&self, company_id: i64, client_code: &str, known_to_dinamize: bool) {
        let (user, password) = (
            format!("user{company_id}@dwu.local"),
            format!("pw-{company_id}"),
        );
        if known_to_dinamize {
            self.sim()
                .state()
                .add_account(Account::new(&user, &password, client_code));
        }
        // Through the admin route, as an operator would: it also adds the company row.
        let body = serde_json::json!({"api_user": user, "password": password,
            "client_code": client_code, "default_list_code": "1"});
        let stored = self
            .http
            .put(format!("{}/api/dinamize/account", self.address))
            .bearer_auth(self.token(company_id, Role::Admin))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(stored.status(), 200, "the account is stored");
    }

    /// The simulator's journal entries for `path`.
    pub fn sim_requests(&self, path: &str) -> Vec<dinamize_sync::sim::JournalEntry> {
        self.sim()
            .state()
            .journal()
            .into_iter()
            .filter(|e| e.path == path)
            .collect()
    }
}

/// The `field` of each entry of an error answer's `details`.
pub fn error_fields(error: &serde_json::Value) -> Vec<String> {
    let details = error["details"]
        .as_array()
        .expect("details list the fields");
    details
        .iter()
        .map(|d| d["field"].as_str().unwrap().to_string())
        .collect()
}
