//! `GET /health`: the process is up and serving. Touches no dependency.

use actix_web::{HttpResponse, get};

/// Always 200 while the process serves requests.
#[utoipa::path(get, path = "/health", tag = "operations", responses((status = 200, description = "The process is up")))]
#[get("/health")]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok" }))
}
