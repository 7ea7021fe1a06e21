//! `DinamizeClient`: one shared reqwest client (keep-alive pool, connect and request timeouts)
//! that posts every call (`send`, any [`DinamizeCall`]), with the `auth-token` header after
//! login, and hands every answer to the envelope decoder.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderValue};
use url::Url;

use super::call::{Body, DinamizeCall};
use super::codes::{self, UnknownCodes};
use super::envelope;
use super::error::DinamizeError;
use super::tls;
use super::types::{AuthRequest, AuthResponse};

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

    /// `POST /auth`: logs in and returns the token (counted in the metrics).
    pub async fn auth(&self, request: &AuthRequest) -> Result<AuthResponse, DinamizeError> {
        self.counted(None, request).await
    }

    /// Makes `call` with `token` and returns its answer (counted in the metrics).
    pub async fn send<C: DinamizeCall>(
        &self,
        token: &str,
        call: &C,
    ) -> Result<C::Response, DinamizeError> {
        self.counted(Some(token), call).await
    }

    async fn counted<C: DinamizeCall>(
        &self,
        token: Option<&str>,
        call: &C,
    ) -> Result<C::Response, DinamizeError> {
        let started = std::time::Instant::now();
        let result = async { self.execute::<C>(self.request(token, call)?).await }.await;
        crate::metrics::record::dinamize_call(C::NAME, &result, started.elapsed());
        result
    }

    /// The `POST` of `call` to its path, with the token header when given.
    pub(super) fn request<C: DinamizeCall>(
        &self,
        token: Option<&str>,
        call: &C,
    ) -> Result<reqwest::RequestBuilder, DinamizeError> {
        let builder = match call.body()? {
            Body::Json(json) => self.json_request(C::PATH, token, json)?,
            Body::Multipart(form) => with_token(self.post(C::PATH), token)?.multipart(form),
        };
        Ok(builder)
    }

    /// The JSON `POST` of `json` to `path`, with the token header when given.
    pub(super) fn json_request(
        &self,
        path: &str,
        token: Option<&str>,
        json: Vec<u8>,
    ) -> Result<reqwest::RequestBuilder, DinamizeError> {
        let builder = self
            .post(path)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(json);
        with_token(builder, token)
    }

    fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.inner.http.post(format!("{}{}", self.inner.base, path))
    }

    /// Sends, reads the whole body and decodes the envelope. The notes say errors come as
    /// HTTP 200; an answer with another status that carries an error envelope is decoded like
    /// one (so its code and `retry-after` are honoured). Any other non-200 answer (no envelope,
    /// or a contradictory "success" on an error status) is `HttpStatus`.
    async fn execute<C: DinamizeCall>(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<C::Response, DinamizeError> {
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
        C::decode(&bytes, &self.inner.codes)
    }
}

/// `builder` with the token header when there is a token.
fn with_token(
    builder: reqwest::RequestBuilder,
    token: Option<&str>,
) -> Result<reqwest::RequestBuilder, DinamizeError> {
    Ok(match token {
        Some(token) => builder.header(AUTH_TOKEN_HEADER, token_header(token)?),
        None => builder,
    })
}

/// The token as a header value, marked sensitive so that it is never printed.
fn token_header(token: &str) -> Result<HeaderValue, DinamizeError> {
    let mut value = HeaderValue::from_str(token).map_err(|_| DinamizeError::Encode {
        message: "the token contains characters not allowed in a header".into(),
    })?;
    value.set_sensitive(true);
    Ok(value)
}
