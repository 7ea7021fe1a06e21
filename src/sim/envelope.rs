//! The answer envelope (`{code, code_detail, body, request_unique, warning}`, always HTTP 200),
//! the failures a route can answer, and `code_detail` in Portuguese or English.

use super::codes::SimCodes;
use super::config::Language;
use crate::dinamize::codes;
use actix_web::HttpResponse;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why a route refuses a request; each maps to one result code.
#[derive(Debug, Clone, PartialEq)]
pub enum Fail {
    /// Bad JSON, a missing or mistyped field, an unknown operator: the invalid-request code.
    Invalid(String),
    /// The contact does not exist.
    NotFound,
    /// The contact list does not exist.
    ListNotFound,
    /// The e-mail is already in the list.
    Duplicate,
    /// The e-mail is not an address.
    InvalidEmail,
    /// Any other code, answered as is.
    Code(String),
}

impl Fail {
    /// A missing or malformed field.
    pub fn invalid(reason: impl Into<String>) -> Self {
        Self::Invalid(reason.into())
    }

    /// The code this failure is answered with.
    pub fn code(&self, unknown: &SimCodes) -> String {
        match self {
            Self::Invalid(_) => unknown.invalid_request.clone(),
            Self::NotFound => unknown.not_found.clone(),
            Self::ListNotFound => unknown.list_not_found.clone(),
            Self::Duplicate => unknown.duplicate_contact.clone(),
            Self::InvalidEmail => unknown.invalid_email.clone(),
            Self::Code(code) => code.clone(),
        }
    }
}

/// Builds envelopes in one language with one set of placeholder codes.
#[derive(Debug, Clone)]
pub struct Envelopes {
    pub language: Language,
    pub codes: SimCodes,
}

static REQUEST_SEQ: AtomicU64 = AtomicU64::new(1);

/// A fresh `request_unique`: a sequence number and a random suffix.
fn request_unique() -> String {
    let seq = REQUEST_SEQ.fetch_add(1, Ordering::Relaxed);
    format!("sim-{seq:08}-{:08x}", rand::random_range(0..u32::MAX))
}

impl Envelopes {
    /// The envelope JSON for `code` with `body`; `reason` is appended to `code_detail`.
    pub fn json(&self, code: &str, body: Value, reason: Option<&str>) -> Value {
        let detail = match reason {
            Some(r) => format!("{}: {r}", self.detail(code)),
            None => self.detail(code).to_string(),
        };
        json!({
            "code": code,
            "code_detail": detail,
            "body": body,
            "request_unique": request_unique(),
            "warning": [],
        })
    }

    /// The HTTP 200 answer carrying the envelope.
    pub fn respond(&self, code: &str, body: Value, reason: Option<&str>) -> HttpResponse {
        HttpResponse::Ok().json(self.json(code, body, reason))
    }

    /// The answer for a failure.
    pub fn fail(&self, fail: &Fail) -> (String, HttpResponse) {
        let code = fail.code(&self.codes);
        let reason = match fail {
            Fail::Invalid(r) => Some(r.as_str()),
            _ => None,
        };
        let response = self.respond(&code, json!({}), reason);
        (code, response)
    }

    /// `code_detail` for `code` in the configured language.
    pub fn detail(&self, code: &str) -> &'static str {
        let (pt, en) = self.texts(code);
        match self.language {
            Language::Pt => pt,
            Language::En => en,
        }
    }

    fn texts(&self, code: &str) -> (&'static str, &'static str) {
        let c = &self.codes;
        match code {
            codes::SUCCESS => ("Sucesso", "Success"),
            codes::PASSWORD_REQUIRED => ("Senha é obrigatória", "Password is required"),
            codes::USERNAME_REQUIRED => ("Usuário é obrigatório", "Username is required"),
            codes::INVALID_CREDENTIALS => {
                ("Usuário ou senha inválidos", "Invalid username or password")
            }
            codes::RATE_LIMITED => ("Limite de requisições excedido", "Request limit exceeded"),
            codes::INVALID_CLIENT_CODE => ("Código de cliente inválido", "Invalid client code"),
            x if x == c.expired_token => ("Token expirado ou inválido", "Expired or invalid token"),
            x if x == c.duplicate_contact => {
                ("Contato já existe na lista", "Contact already in list")
            }
            x if x == c.not_found => ("Contato não encontrado", "Contact not found"),
            x if x == c.invalid_email => ("E-mail inválido", "Invalid e-mail"),
            x if x == c.list_not_found => {
                ("Lista de contatos não encontrada", "Contact list not found")
            }
            x if x == c.invalid_request => ("Requisição inválida", "Invalid request"),
            _ => (
                "Erro ao processar a requisição",
                "Error processing the request",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_has_every_field_and_a_string_code() {
        let envelopes = Envelopes {
            language: Language::En,
            codes: SimCodes::default(),
        };
        let v = envelopes.json(codes::SUCCESS, json!({"x": 1}), None);
        assert_eq!(v["code"], "480001");
        assert_eq!(v["code_detail"], "Success");
        assert_eq!(v["body"]["x"], 1);
        assert!(v["request_unique"].as_str().unwrap().starts_with("sim-"));
        assert_eq!(v["warning"], json!([]));
    }

    #[test]
    fn portuguese_is_answered_when_chosen_and_placeholders_are_settings() {
        let unknown = SimCodes {
            not_found: "777777".into(),
            ..SimCodes::default()
        };
        let envelopes = Envelopes {
            language: Language::Pt,
            codes: unknown.clone(),
        };
        assert_eq!(envelopes.detail(codes::SUCCESS), "Sucesso");
        assert_eq!(Fail::NotFound.code(&unknown), "777777");
        assert_eq!(envelopes.detail("777777"), "Contato não encontrado");
    }
}
