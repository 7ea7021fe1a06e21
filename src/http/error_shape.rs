//! The middleware that makes every error answer one shape, in the caller's language: errors
//! of the API are written in the language the request asks for, and answers the framework
//! makes on its own (unknown route, wrong method, its extractors' errors with a text body) are
//! replaced by the API's shape for their status.

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};

use super::ApiError;
use super::lang::Lang;

/// `App::wrap(from_fn(error_shape))`.
pub async fn error_shape(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let lang = Lang::of(req.request());
    // (The request must not be cloned before `next` runs: actix needs it unshared to route.)
    match next.call(req).await {
        Ok(response) => Ok(reshape(response.map_into_boxed_body(), lang)),
        Err(error) => Err(as_api_error(&error).in_lang(lang).into()),
    }
}

fn as_api_error(error: &Error) -> ApiError {
    error
        .as_error::<ApiError>()
        .cloned()
        .unwrap_or_else(|| ApiError::for_status(error.as_response_error().status_code()))
}

fn reshape(response: ServiceResponse<BoxBody>, lang: Lang) -> ServiceResponse<BoxBody> {
    let status = response.status();
    if !status.is_client_error() && !status.is_server_error() {
        return response;
    }
    let replacement = match response.response().error() {
        Some(error) => {
            log::debug!("error answered as {status}: {error}");
            as_api_error(error)
        }
        None if is_empty(response.response().body()) => ApiError::for_status(status),
        None => return response,
    };
    let (request, _) = response.into_parts();
    let answer = HttpResponse::from_error(replacement.in_lang(lang));
    ServiceResponse::new(request, answer)
}

fn is_empty(body: &BoxBody) -> bool {
    matches!(body.size(), BodySize::None | BodySize::Sized(0))
}

#[cfg(test)]
mod tests {
    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, test, web};
    use serde_json::Value;

    use super::error_shape;

    #[actix_web::test]
    async fn a_wrong_method_and_a_framework_error_get_the_api_shape_in_the_asked_language() {
        let app = test::init_service(
            App::new()
                .wrap(from_fn(error_shape))
                .app_data(web::QueryConfig::default())
                .service(web::resource("/only-get").get(HttpResponse::Ok))
                .route(
                    "/number",
                    web::get().to(
                        |_: web::Query<std::collections::HashMap<String, u8>>| async {
                            HttpResponse::Ok().finish()
                        },
                    ),
                ),
        )
        .await;
        let request = test::TestRequest::post()
            .uri("/only-get")
            .insert_header(("Accept-Language", "en"))
            .to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.status(), 405);
        let body: Value = test::read_body_json(response).await;
        assert_eq!(body["code"], "method_not_allowed");
        assert_eq!(body["error"], "Method Not Allowed");
        assert_eq!(body["message"], "this route does not accept this method");
        // actix's own query error (a text body without our config) is replaced, in Portuguese.
        let request = test::TestRequest::get().uri("/number?n=999").to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.status(), 400);
        let body: Value = test::read_body_json(response).await;
        assert_eq!(body["statusCode"], 400);
        assert_eq!(body["message"], "requisição inválida");
    }
}
