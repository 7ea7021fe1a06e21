//! A simulator on port 0 and a reqwest client speaking to it.

use dinamize_sync::sim::{self, SimConfig, SimHandle};
use serde_json::{Value, json};

/// A started simulator with a client.
pub struct Sim {
    pub handle: SimHandle,
    pub http: reqwest::Client,
}

/// Starts a simulator with `config` on a free port.
pub async fn start(config: SimConfig) -> Sim {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let handle = sim::start(config, "127.0.0.1:0")
        .await
        .expect("simulator starts");
    Sim {
        handle,
        http: reqwest::Client::new(),
    }
}

/// Starts a simulator with the default settings.
pub async fn start_default() -> Sim {
    start(SimConfig::default()).await
}

impl Sim {
    /// The URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.handle.base_url())
    }

    /// POSTs raw bytes; asserts HTTP 200 and returns the envelope.
    pub async fn post_raw(&self, path: &str, token: Option<&str>, body: &str) -> Value {
        let mut request = self
            .http
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(token) = token {
            request = request.header("auth-token", token);
        }
        let response = request.send().await.expect("request is answered");
        assert_eq!(response.status(), 200, "{path} answers HTTP 200");
        response.json().await.expect("the answer is JSON")
    }

    /// POSTs JSON with an optional token and returns the envelope.
    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Value {
        self.post_raw(path, token, &body.to_string()).await
    }

    /// Calls a route with `token` and returns the envelope.
    pub async fn call(&self, token: &str, path: &str, body: Value) -> Value {
        self.post(path, Some(token), body).await
    }

    /// Authenticates the default account and returns its token.
    pub async fn login(&self) -> String {
        self.login_as("sim@dwu.local", "sim-password", "300001")
            .await
    }

    /// Authenticates and returns the token.
    pub async fn login_as(&self, user: &str, password: &str, client_code: &str) -> String {
        let body = json!({"user": user, "password": password, "client_code": client_code});
        let envelope = self.post("/auth", None, body).await;
        assert_eq!(envelope["code"], "480001", "{envelope}");
        envelope["body"]["auth-token"].as_str().unwrap().to_string()
    }

    /// Adds a contact to list 1 and returns its code.
    pub async fn add(&self, token: &str, contact: Value) -> String {
        let mut body = contact;
        body["contact-list_code"] = json!("1");
        let envelope = self.call(token, "/emkt/contact/add", body).await;
        assert_eq!(envelope["code"], "480001", "{envelope}");
        envelope["body"]["code"].as_str().unwrap().to_string()
    }

    /// GETs an admin route as JSON.
    pub async fn admin_get(&self, path: &str) -> Value {
        let response = self.http.get(self.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// Sends an admin request with a JSON body.
    pub async fn admin(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let response = self
            .http
            .request(method, self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }
}

/// The code of an envelope.
pub fn code(envelope: &Value) -> &str {
    envelope["code"].as_str().expect("code is a string")
}
