//! `DinamizeCall`: one Dinamize endpoint as one type. The request type implements it once,
//! beside its definition in `types/`, and names there its path, its metrics name, its body and
//! the type of its answer; `DinamizeClient::send` then answers each request with its own
//! response type, so a new call is added in that one place.

use std::fmt::Debug;

use reqwest::multipart::Form;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::codes::UnknownCodes;
use super::envelope;
use super::error::DinamizeError;
use super::types::{ContactSearchRequest, ContactSearchResponse};

/// One Dinamize call: its request is `Self`, its answer `Self::Response`.
pub trait DinamizeCall: Debug + Send + Sync + 'static {
    /// The path the call is posted to, exactly as Dinamize spells it.
    const PATH: &'static str;
    /// A short stable name for logs and metrics (`contact_search`, ...).
    const NAME: &'static str;
    /// Whether the call may be sent again once it has reached Dinamize (after a token check):
    /// false for a call whose repeat would do its work twice (a bulk import).
    const REPEATABLE: bool = true;

    /// The envelope's `body` on success.
    type Response: DeserializeOwned + Send + 'static;

    /// What is posted.
    fn body(&self) -> Result<Body, DinamizeError>;

    /// Reads an answer (the whole HTTP body); the envelope's `body` as `Response` unless the
    /// call knows better.
    fn decode(bytes: &[u8], codes: &UnknownCodes) -> Result<Self::Response, DinamizeError> {
        envelope::decode(bytes, codes)
    }

    /// For a call that creates a contact: the search that finds it by its e-mail, so that an
    /// answer that was lost (unreadable, or refused with a doubtful token) does not make the
    /// caller create it twice. `None` (the default) for every other call.
    fn lookup(&self) -> Option<ContactSearchRequest> {
        None
    }

    /// The answer the call would have had, read from the page its [`lookup`](Self::lookup)
    /// found; `None` when the page does not hold what the call made.
    fn found(&self, _page: ContactSearchResponse) -> Option<Self::Response> {
        None
    }
}

/// The body of a request.
pub enum Body {
    /// `application/json`.
    Json(Vec<u8>),
    /// `multipart/form-data` (the bulk import).
    Multipart(Form),
}

impl Body {
    /// `value` as a JSON body.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Self, DinamizeError> {
        serde_json::to_vec(value)
            .map(Body::Json)
            .map_err(|e| DinamizeError::Encode {
                message: e.to_string(),
            })
    }
}
