//! The middleware that counts every HTTP request by method, route pattern and status. The
//! route is the pattern the request matched (`/api/leads/{id}`), never the raw path, so a
//! lead id or an e-mail in a path never becomes a label; a request no route matched is
//! `unmatched`.

use std::time::Instant;

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;

use super::record;

/// `App::wrap(from_fn(count_requests))`.
pub async fn count_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, Error> {
    let started = Instant::now();
    let method = method_label(req.method());
    // Before routing, actix guesses from the path; after, it knows the matched resource.
    let guessed = req.match_pattern();
    let result = next.call(req).await;
    let (status, matched) = match &result {
        Ok(response) => (
            response.status().as_u16(),
            response.request().match_pattern(),
        ),
        Err(error) => (error.as_response_error().status_code().as_u16(), None),
    };
    let route = route_label(matched.or(guessed));
    record::http_request(method, route, status, started.elapsed());
    result
}

fn route_label(pattern: Option<String>) -> String {
    pattern.unwrap_or_else(|| "unmatched".into())
}

/// The standard methods by name; anything else `other` (a client may send any token).
fn method_label(method: &Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_methods_keep_their_name_and_others_are_grouped() {
        assert_eq!(method_label(&Method::PATCH), "PATCH");
        assert_eq!(method_label(&Method::from_bytes(b"BREW").unwrap()), "other");
        assert_eq!(route_label(None), "unmatched");
    }
}
