//! `POST /emkt/contact` (multipart, `command=import`) and `/emkt/import/get`.

use crate::sim::config::SimConfig;
use crate::sim::data::Tenant;
use crate::sim::data::import::{ImportParams, ImportProcessing};
use crate::sim::envelope::Fail;
use crate::sim::params::{opt_str, req_u64};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

type Body = Map<String, Value>;

/// Accepts the file and answers `{code}`, the import code to poll.
pub fn import(tenant: &mut Tenant, parts: &Body, now: DateTime<Utc>) -> Result<Value, Fail> {
    match opt_str(parts, "command")?.as_deref() {
        Some("import") => {}
        _ => return Err(Fail::invalid("command must be import")),
    }
    let parameters =
        opt_str(parts, "parameters")?.ok_or_else(|| Fail::invalid("parameters is required"))?;
    let params = ImportParams::parse(&parameters)?;
    let file = opt_str(parts, "file")?.ok_or_else(|| Fail::invalid("file is required"))?;
    let code = tenant.import(&params, &file, now)?;
    Ok(json!({"code": code.to_string()}))
}

/// The import's status (one poll).
pub fn status(
    tenant: &mut Tenant,
    map: &Body,
    config: &SimConfig,
    now: DateTime<Utc>,
) -> Result<Value, Fail> {
    let processing = ImportProcessing {
        polls: config.import_processing_polls,
        time: config.import_processing,
    };
    tenant.import_status(req_u64(map, "code")?, processing, now)
}
