//! What answers a request no route took: 405 with an `Allow` header when the path is one the
//! OpenAPI document declares (under another method), else 404; both with the JSON error body.
//! The declared paths and methods come from the document itself, so they cannot drift apart.

use std::sync::LazyLock;

use actix_web::http::StatusCode;
use actix_web::http::header::{ALLOW, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use utoipa::OpenApi;

use super::ApiError;
use super::lang::Lang;
use super::openapi::ApiDoc;

/// One declared path: its segments (`None` for a `{parameter}`) and its methods.
struct Declared {
    segments: Vec<Option<String>>,
    methods: Vec<&'static str>,
}

impl Declared {
    fn matches(&self, path: &str) -> bool {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        parts.len() == self.segments.len()
            && self.segments.iter().zip(&parts).all(|(segment, part)| {
                segment.as_deref().is_none_or(|s| s == *part) && !part.is_empty()
            })
    }
}

static DECLARED: LazyLock<Vec<Declared>> = LazyLock::new(declared);

fn declared() -> Vec<Declared> {
    let doc = ApiDoc::openapi();
    doc.paths
        .paths
        .iter()
        .map(|(path, item)| Declared {
            segments: path
                .trim_start_matches('/')
                .split('/')
                .map(|s| (!s.starts_with('{')).then(|| s.to_owned()))
                .collect(),
            methods: [
                ("GET", item.get.is_some()),
                ("PUT", item.put.is_some()),
                ("POST", item.post.is_some()),
                ("DELETE", item.delete.is_some()),
                ("PATCH", item.patch.is_some()),
            ]
            .into_iter()
            .filter_map(|(method, present)| present.then_some(method))
            .collect(),
        })
        .collect()
}

/// The methods declared for `path`, when the document declares it.
/// A literal path (`/contacts/search`) wins over a template it also fits (`/contacts/{code}`).
pub fn allowed_methods(path: &str) -> Option<Vec<&'static str>> {
    DECLARED
        .iter()
        .filter(|d| d.matches(path))
        .max_by_key(|d| d.segments.iter().filter(|s| s.is_some()).count())
        .map(|d| d.methods.clone())
}

/// The default service: 405 (with `Allow`) for a declared path, 404 otherwise, in the API's
/// error shape and the caller's language (`ApiError::for_status`).
pub async fn not_routed(request: HttpRequest) -> HttpResponse {
    let answer = |status| ApiError::for_status(status).in_lang(Lang::of(&request));
    let Some(methods) = allowed_methods(request.path()) else {
        return answer(StatusCode::NOT_FOUND).error_response();
    };
    let mut response = answer(StatusCode::METHOD_NOT_ALLOWED).error_response();
    if let Ok(value) = HeaderValue::from_str(&methods.join(", ")) {
        response.headers_mut().insert(ALLOW, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_paths_and_their_parameters_are_recognised() {
        assert_eq!(allowed_methods("/ready"), Some(vec!["GET"]));
        assert_eq!(
            allowed_methods("/api/dinamize/contacts/123/update"),
            Some(vec!["POST"])
        );
        assert_eq!(
            allowed_methods("/api/dinamize/account"),
            Some(vec!["GET", "PUT"])
        );
        assert_eq!(allowed_methods("/api/dinamize/contacts//update"), None);
        assert_eq!(allowed_methods("/nowhere"), None);
        assert_eq!(
            allowed_methods("/api/dinamize/contacts/search"),
            Some(vec!["POST"])
        );
    }
}
