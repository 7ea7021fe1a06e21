//! How request bodies, paths and queries that fail to parse are answered: 400 (or 413 for a
//! body over the limit) in the API's error shape, naming the field serde stopped at.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::web::{JsonConfig, PathConfig, QueryConfig};

use super::ApiError;

/// JSON bodies up to `limit` bytes; errors in the API's shape.
pub fn json_config(limit: usize) -> JsonConfig {
    JsonConfig::default()
        .limit(limit)
        .error_handler(|err, _req| json_error(err).into())
}

/// Path segments that do not parse are a 400 naming the segment.
pub fn path_config() -> PathConfig {
    PathConfig::default().error_handler(|err, _req| path_error(err).into())
}

/// Query strings that do not parse are a 400 naming the parameter.
pub fn query_config() -> QueryConfig {
    QueryConfig::default().error_handler(|err, _req| query_error(err).into())
}

fn json_error(err: JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                err.to_string(),
            )
            .pt("o corpo da requisição é grande demais")
        }
        JsonPayloadError::ContentType => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "the body must be JSON (Content-Type: application/json)",
        )
        .pt("o corpo deve ser JSON (Content-Type: application/json)"),
        JsonPayloadError::Deserialize(e) => {
            ApiError::validation(vec![(field_of(&e.to_string()), e.to_string())])
        }
        other => ApiError::new(StatusCode::BAD_REQUEST, "bad_request", other.to_string())
            .pt("o corpo da requisição não pôde ser lido"),
    }
}

fn path_error(err: PathError) -> ApiError {
    let PathError::Deserialize(e) = err else {
        return ApiError::new(StatusCode::BAD_REQUEST, "bad_request", err.to_string())
            .pt("o caminho da requisição é inválido");
    };
    ApiError::validation(vec![("path".into(), e.to_string())])
}

fn query_error(err: QueryPayloadError) -> ApiError {
    ApiError::validation(vec![(field_of(&err.to_string()), err.to_string())])
}

/// serde names the offending field in backquotes ("missing field `email`"); `body` otherwise.
fn field_of(message: &str) -> String {
    message
        .split('`')
        .nth(1)
        .filter(|name| !name.is_empty())
        .unwrap_or("body")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::field_of;

    #[test]
    fn the_field_serde_names_is_reported() {
        assert_eq!(
            field_of("missing field `email` at line 1 column 2"),
            "email"
        );
        assert_eq!(field_of("expected value at line 1 column 1"), "body");
    }
}
