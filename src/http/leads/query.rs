//! What a leads URL names: the lead id in the path, the list's filters in the query string.
//! Everything is read as text and checked here, so a bad value is a 400 naming its parameter.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;
use utoipa::openapi::schema::Schema;

use crate::http::ApiError;
use crate::http::contacts::fields::FieldError;
use crate::http::page::given;
use crate::leads::{LeadFilter, SyncStatusFilter};

/// The list's filters (besides `page` and `limit`).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LeadFilters {
    /// `pending`, `synced`, `failed`, or `not_synced` (no sync row yet); empty: any.
    #[param(schema_with = sync_status, example = "failed")]
    pub sync_status: Option<String>,
    /// Only leads changed at or after this instant, RFC 3339 (`2026-12-01T00:00:00Z`;
    /// encode a `+` offset as `%2B`); empty: any.
    #[param(schema_with = updated_since)]
    pub updated_since: Option<String>,
    /// Also list soft-deleted leads (`true` or `false`, also `1` or `0`; default `false`).
    #[param(schema_with = include_deleted)]
    pub include_deleted: Option<String>,
}

fn schema(value: serde_json::Value) -> Schema {
    serde_json::from_value(value).expect("a valid JSON Schema")
}

/// `sync_status`: one of [`SyncStatusFilter::NAMES`], or empty (as [`given`] reads it).
fn sync_status() -> Schema {
    let mut names: Vec<&str> = SyncStatusFilter::NAMES.split(", ").collect();
    names.push("");
    let about = "`pending`, `synced`, `failed`, or `not_synced` (no sync row yet); empty: any";
    schema(json!({"type": "string", "enum": names, "description": about}))
}

/// `updated_since`: an RFC 3339 instant, or empty.
fn updated_since() -> Schema {
    let about = "Only leads changed at or after this instant, RFC 3339 \
        (`2026-12-01T00:00:00Z`; encode a `+` offset as `%2B`); empty: any";
    schema(
        json!({"description": about, "anyOf": [{"type": "string", "format": "date-time"},
        {"type": "string", "maxLength": 0}]}),
    )
}

/// `include_deleted`: a boolean, `1`, `0`, or empty.
fn include_deleted() -> Schema {
    let about = "Also list soft-deleted leads (default false)";
    schema(json!({"description": about, "anyOf": [{"type": "boolean"},
        {"type": "string", "enum": ["true", "false", "1", "0", ""]}]}))
}

impl LeadFilters {
    /// The checked filter, or each bad parameter named.
    pub fn read(&self) -> Result<LeadFilter, Vec<FieldError>> {
        let mut errors = Vec::new();
        let sync_status = given(&self.sync_status).and_then(|v| {
            let text = v.as_str().unwrap_or_default();
            let status = SyncStatusFilter::parse(text);
            if status.is_none() {
                let message = format!("must be one of {}", SyncStatusFilter::NAMES);
                errors.push(("sync_status".into(), message));
            }
            status
        });
        let updated_since = given(&self.updated_since).and_then(|v| {
            let since = instant(v.as_str().unwrap_or_default());
            if since.is_none() {
                let message = "must be an RFC 3339 date-time, e.g. 2026-12-01T00:00:00Z";
                errors.push(("updated_since".into(), message.into()));
            }
            since
        });
        let include_deleted = match given(&self.include_deleted)
            .as_ref()
            .and_then(|v| v.as_str())
        {
            None | Some("false" | "0") => false,
            Some("true" | "1") => true,
            Some(_) => {
                errors.push(("include_deleted".into(), "must be true or false".into()));
                false
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(LeadFilter {
            sync_status,
            updated_since,
            include_deleted,
        })
    }
}

/// An RFC 3339 instant. A `+` offset sent unencoded arrives as a space; it is put back.
fn instant(text: &str) -> Option<DateTime<Utc>> {
    let parse = |t: &str| DateTime::parse_from_rfc3339(t).ok();
    parse(text)
        .or_else(|| parse(&text.replacen(' ', "+", 1)))
        .map(|at| at.with_timezone(&Utc))
}

/// The `{id}` of a leads URL: a positive whole number.
pub fn lead_id(raw: &str) -> Result<i64, ApiError> {
    match raw.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(ApiError::validation(vec![(
            "id".into(),
            "must be a lead id (a positive whole number)".into(),
        )])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters(status: &str, since: &str, deleted: &str) -> LeadFilters {
        LeadFilters {
            sync_status: Some(status.into()),
            updated_since: Some(since.into()),
            include_deleted: Some(deleted.into()),
        }
    }

    #[test]
    fn filters_are_read_and_empty_ones_ignored() {
        let read = filters("failed", "2026-12-01T10:00:00-03:00", "true")
            .read()
            .unwrap();
        assert_eq!(read.sync_status, Some(SyncStatusFilter::Failed));
        assert_eq!(
            read.updated_since.unwrap().to_rfc3339(),
            "2026-12-01T13:00:00+00:00"
        );
        assert!(read.include_deleted);
        let unencoded = filters("", "2026-12-01T10:00:00 03:00", "").read().unwrap();
        assert_eq!(
            unencoded.updated_since.unwrap().to_rfc3339(),
            "2026-12-01T07:00:00+00:00"
        );
        assert_eq!(
            (unencoded.sync_status, unencoded.include_deleted),
            (None, false)
        );
    }

    #[test]
    fn each_bad_filter_is_named() {
        let errors = filters("done", "yesterday", "yes").read().unwrap_err();
        let names: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(names, ["sync_status", "updated_since", "include_deleted"]);
    }

    #[test]
    fn lead_ids_are_positive_numbers() {
        assert_eq!(lead_id("42").unwrap(), 42);
        for bad in ["0", "-3", "abc", "1.5", "99999999999999999999"] {
            assert!(lead_id(bad).is_err(), "{bad}");
        }
    }
}
