//! `DinamizeClient`: one shared reqwest client (keep-alive pool, connect and request timeouts)
//! that posts every call, with the `auth-token` header after login, and hands every answer to
//! the envelope decoder.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderValue};
use reqwest::multipart::{Form, Part};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use super::codes::{self, UnknownCodes};
use super::envelope;
use super::error::DinamizeError;
use super::request::{DinamizeRequest, DinamizeResponse, paths};
use super::tls;
use super::types::import::IMPORT_COMMAND;
use super::types::{AuthRequest, AuthResponse, ImportRequest};

/// The header that carries the token (never `Authorization`).
pub const AUTH_TOKEN_HEADER: &str = "auth-token";
/// Longest wait for a TCP + TLS connection; shorter than the request timeout so that an
/// unreachable host fails fast and the rest of the budget is left to a slow answer.
pub const MAX_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long an idle pooled connection is kept for reuse.
pub const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// Idle connections kept per host: enough for every worker of one instance.
pub const POOL_MAX_IDLE_PER_HOST: usize = 64;
/// TCP keep-alive probe interval, so that a silently dropped connection is noticed.
pub const TCP_KEEPALIVE: Duration = Duration::from_secs(60);

/// The Dinamize HTTP client. Cloning is cheap (everything shared behind an `Arc`).
#[derive(Clone)]
pub struct DinamizeClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Base URL without its trailing slash; paths start with `/`.
    base: String,
    base_url: Url,
    codes: UnknownCodes,
}

impl std::fmt::Debug for DinamizeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DinamizeClient")
            .field("base_url", &self.inner.base)
            .finish()
    }
}

impl DinamizeClient {
    /// A client for `base_url` whose every request (connect to last byte) ends within `timeout`.
    /// Installs the rustls `ring` provider if none is installed yet.
    pub fn new(
        base_url: Url,
        timeout: Duration,
        codes: UnknownCodes,
    ) -> Result<Self, DinamizeError> {
        tls::install_crypto_provider();
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(MAX_CONNECT_TIMEOUT))
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .pool_max_idle_per_host(POOL_MAX_IDLE_PER_HOST)
            .tcp_keepalive(TCP_KEEPALIVE)
            .tcp_nodelay(true)
            .user_agent(concat!("dinamize-sync/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| DinamizeError::Encode {
                message: format!("cannot build the HTTP client: {e}"),
            })?;
        let base = base_url.as_str().trim_end_matches('/').to_owned();
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base,
                base_url,
                codes,
            }),
        })
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The codes used to classify the answers whose codes are not public.
    pub fn codes(&self) -> &UnknownCodes {
        &self.inner.codes
    }

    /// `POST /auth`: logs in and returns the token.
    pub async fn auth(&self, request: &AuthRequest) -> Result<AuthResponse, DinamizeError> {
        let started = std::time::Instant::now();
        let result = self.post_json(paths::AUTH, None, request).await;
        crate::metrics::record::dinamize_call("auth", &result, started.elapsed());
        result
    }

    /// Makes any call with `token` and returns its typed answer (counted in the metrics).
    pub async fn send(
        &self,
        token: &str,
        request: &DinamizeRequest,
    ) -> Result<DinamizeResponse, DinamizeError> {
        let started = std::time::Instant::now();
        let result = self.send_uncounted(token, request).await;
        crate::metrics::record::dinamize_call(request.name(), &result, started.elapsed());
        result
    }

    async fn send_uncounted(
        &self,
        token: &str,
        request: &DinamizeRequest,
    ) -> Result<DinamizeResponse, DinamizeError> {
        use DinamizeRequest as Rq;
        use DinamizeResponse as Rs;
        let path = request.path();
        let t = Some(token);
        Ok(match request {
            Rq::ContactSearch(r) => Rs::ContactSearch(self.post_json(path, t, r).await?),
            Rq::ContactAdd(r) => Rs::ContactAdd(self.post_json(path, t, r).await?),
            Rq::ContactGet(r) => Rs::ContactGet(self.contact_get(token, r).await?),
            Rq::ContactUpdate(r) => Rs::ContactUpdate(self.post_json(path, t, r).await?),
            Rq::ContactDelete(r) => Rs::ContactDelete(self.post_json(path, t, r).await?),
            Rq::ContactListSearch(r) => Rs::ContactListSearch(self.post_json(path, t, r).await?),
            Rq::FieldSearch(r) => Rs::FieldSearch(self.post_json(path, t, r).await?),
            Rq::FieldLovSearch(r) => Rs::FieldLovSearch(self.post_json(path, t, r).await?),
            Rq::Import(r) => Rs::Import(self.post_import(token, r).await?),
            Rq::ImportGet(r) => Rs::ImportGet(self.post_json(path, t, r).await?),
        })
    }

    /// Posts `body` as JSON to `path`, with the token header when given.
    pub(crate) async fn post_json<B, T>(
        &self,
        path: &str,
        token: Option<&str>,
        body: &B,
    ) -> Result<T, DinamizeError>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        self.execute(self.json_request(path, token, body)?).await
    }

    /// The JSON `POST` of `body` to `path`, with the token header when given.
    pub(super) fn json_request<B: Serialize + ?Sized>(
        &self,
        path: &str,
        token: Option<&str>,
        body: &B,
    ) -> Result<reqwest::RequestBuilder, DinamizeError> {
        let json = serde_json::to_vec(body).map_err(|e| DinamizeError::Encode {
            message: e.to_string(),
        })?;
        let mut builder = self
            .inner
            .http
            .post(self.url(path))
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(json);
        if let Some(token) = token {
            builder = builder.header(AUTH_TOKEN_HEADER, token_header(token)?);
        }
        Ok(builder)
    }

    /// Posts the multipart bulk import: parts `file` (CSV), `command` and `parameters` (a JSON
    /// string).
    pub(crate) async fn post_import<T: DeserializeOwned>(
        &self,
        token: &str,
        request: &ImportRequest,
    ) -> Result<T, DinamizeError> {
        self.execute(self.import_request(token, request)?).await
    }

    /// The multipart `POST` of a bulk import.
    pub(super) fn import_request(
        &self,
        token: &str,
        request: &ImportRequest,
    ) -> Result<reqwest::RequestBuilder, DinamizeError> {
        let parameters =
            serde_json::to_string(&request.parameters).map_err(|e| DinamizeError::Encode {
                message: e.to_string(),
            })?;
        let file = Part::bytes(request.csv.clone())
            .file_name(request.file_name.clone())
            .mime_str("text/csv")
            .map_err(|e| DinamizeError::Encode {
                message: e.to_string(),
            })?;
        let form = Form::new()
            .part("file", file)
            .text("command", IMPORT_COMMAND)
            .text("parameters", parameters);
        Ok(self
            .inner
            .http
            .post(self.url(paths::IMPORT))
            .header(AUTH_TOKEN_HEADER, token_header(token)?)
            .multipart(form))
    }

    /// Sends, reads the whole body and decodes the envelope. The notes say errors come as
    /// HTTP 200; an answer with another status that carries an error envelope is decoded like
    /// one (so its code and `retry-after` are honoured). Any other non-200 answer (no envelope,
    /// or a contradictory "success" on an error status) is `HttpStatus`.
    async fn execute<T: DeserializeOwned>(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<T, DinamizeError> {
        let response = builder
            .send()
            .await
            .map_err(|e| DinamizeError::transport(&e))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| DinamizeError::transport(&e))?;
        let error_envelope =
            || envelope::envelope_code(&bytes).is_some_and(|code| code != codes::SUCCESS);
        if status != reqwest::StatusCode::OK && !error_envelope() {
            return Err(DinamizeError::HttpStatus {
                status: status.as_u16(),
            });
        }
        envelope::decode(&bytes, &self.inner.codes)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.inner.base, path)
    }
}

/// The token as a header value, marked sensitive so that it is never printed.
fn token_header(token: &str) -> Result<HeaderValue, DinamizeError> {
    let mut value = HeaderValue::from_str(token).map_err(|_| DinamizeError::Encode {
        message: "the token contains characters not allowed in a header".into(),
    })?;
    value.set_sensitive(true);
    Ok(value)
}
