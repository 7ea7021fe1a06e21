//! The words of error answers that are not written where the error is made: NestJS's status
//! text (`error`), the codes of bare statuses, and a Portuguese sentence for each machine code
//! whose error was built with an English message only.

use actix_web::http::StatusCode;

/// NestJS's `error` for `status` ("Unauthorized", "Not Found", …): the HTTP reason phrase.
pub fn status_text(status: StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("Error")
}

/// `(code, English, Portuguese)` for an answer that is only a status.
pub fn for_status(status: StatusCode) -> (&'static str, &'static str, &'static str) {
    match status.as_u16() {
        404 => ("not_found", "no such route", "rota inexistente"),
        405 => (
            "method_not_allowed",
            "this route does not accept this method",
            "esta rota não aceita este método",
        ),
        413 => (
            "body_too_large",
            "the request body is too large",
            "o corpo da requisição é grande demais",
        ),
        415 => (
            "unsupported_media_type",
            "the body must be JSON (Content-Type: application/json)",
            "o corpo deve ser JSON (Content-Type: application/json)",
        ),
        400..=499 => (
            "bad_request",
            "the request is not valid",
            "requisição inválida",
        ),
        _ => ("internal_error", "internal error", "erro interno"),
    }
}

/// A Portuguese message for `code`, for errors built without one.
pub fn pt_for_code(code: &str) -> Option<&'static str> {
    Some(match code {
        "validation_failed" => "requisição inválida",
        "unauthorized" => "não autenticado",
        "forbidden" => "acesso negado",
        "not_found" => "não encontrado",
        "conflict" => "conflito com o estado atual",
        "bad_request" => "requisição inválida",
        "body_too_large" => "o corpo da requisição é grande demais",
        "unsupported_media_type" => "o corpo deve ser JSON (Content-Type: application/json)",
        "method_not_allowed" => "esta rota não aceita este método",
        "dependency_unavailable" => "um serviço do qual dependemos está indisponível",
        "rate_limited" => "limite de requisições do Dinamize atingido; tente mais tarde",
        "dinamize_refused" => "o Dinamize recusou a requisição",
        "dinamize_account_misconfigured" => "a conta Dinamize da empresa não pode ser usada",
        "dinamize_timeout" => "o Dinamize não respondeu a tempo",
        "dinamize_unavailable" => "o Dinamize não pôde ser alcançado ou respondeu mal",
        "internal_error" => "erro interno",
        _ => return None,
    })
}
