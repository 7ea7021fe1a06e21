//! The sync routes as the OpenAPI document shows them: the body of a run and the error
//! answers every route shares.

use utoipa::ToSchema;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

use crate::http::contacts::docs::ErrorBody;

/// `POST /api/dinamize/sync/runs`.
#[allow(dead_code)] // Documents the body; the route reads the JSON itself.
#[derive(ToSchema)]
pub struct StartRunRequest {
    /// `incremental` (live leads changed since their last successful sync, or never synced),
    /// `full` (every live lead) or `backfill` (every live lead through the bulk import).
    #[schema(schema_with = run_mode)]
    pub mode: String,
    /// Count what the run would do, send nothing (default `false`).
    pub dry_run: Option<bool>,
}

/// `mode`: one of the names `RunMode` reads.
fn run_mode() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(["incremental", "full", "backfill"]))
        .examples(["incremental"])
        .build()
}

/// The error answers every sync route shares (each route adds its own).
#[allow(dead_code)] // Variants exist to be documented, never built.
#[derive(utoipa::IntoResponses)]
pub enum SyncErrors {
    /// A field or parameter is invalid: `details` names each one.
    #[response(status = 400)]
    BadRequest(ErrorBody),
    /// Missing, malformed, expired or wrongly signed JWT.
    #[response(status = 401)]
    Unauthorized(ErrorBody),
    /// The role is not OWNER or ADMIN, or the token does not grant the company chosen.
    #[response(status = 403)]
    Forbidden(ErrorBody),
    /// PostgreSQL is unreachable.
    #[response(status = 503)]
    Unavailable(ErrorBody),
}
