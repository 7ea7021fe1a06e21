//! Bulk import (`POST /emkt/contact`, `command=import`): the `parameters` JSON, the CSV reader,
//! the upsert of every row by e-mail, and the job whose status `/emkt/import/get` reports. The
//! rows are written when the file is accepted; the first `import_processing_polls` polls answer
//! `processing`, later ones `finished` with the counts.

use super::contact::is_valid_email;
use super::patch::ContactPatch;
use super::tenant::Tenant;
use crate::sim::envelope::Fail;
use crate::sim::params::{as_u64, object, opt_bool, opt_str, req_u64};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The `parameters` part.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportParams {
    pub list: u64,
    pub separator: char,
    pub header: bool,
    /// (zero-based column, field code).
    pub columns: Vec<(usize, u32)>,
}

impl ImportParams {
    /// Reads the `parameters` JSON string.
    pub fn parse(text: &str) -> Result<Self, Fail> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| Fail::invalid(format!("parameters is not JSON: {e}")))?;
        let map = object(&value)?;
        let separator = opt_str(map, "separator")?.unwrap_or_else(|| ";".into());
        let mut chars = separator.chars();
        let (Some(separator), None) = (chars.next(), chars.next()) else {
            return Err(Fail::invalid("separator must be one character"));
        };
        let columns = map.get("file_columns").and_then(Value::as_array);
        let columns = columns.ok_or_else(|| Fail::invalid("file_columns is required"))?;
        let columns = columns.iter().map(column).collect::<Result<Vec<_>, _>>()?;
        if !columns.iter().any(|&(_, field)| field == 1) {
            return Err(Fail::invalid(
                "file_columns must map a column to field 1 (e-mail)",
            ));
        }
        Ok(Self {
            list: req_u64(map, "contact-list_code")?,
            separator,
            header: opt_bool(map, "header")?.unwrap_or(false),
            columns,
        })
    }
}

fn column(item: &Value) -> Result<(usize, u32), Fail> {
    let get = |key| item.get(key).and_then(as_u64);
    match (get("Position"), get("Field")) {
        (Some(p), Some(f)) => Ok((p as usize, f as u32)),
        _ => Err(Fail::invalid("each file column needs Position and Field")),
    }
}

/// Splits CSV text into rows of cells; `"` quotes a cell, `""` inside quotes is one `"`.
pub fn parse_csv(text: &str, separator: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (mut cells, mut cell, mut quoted) = (Vec::new(), String::new(), false);
        let mut chars = line.trim_end_matches('\r').chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                ('"', _) => quoted = !quoted,
                (c, false) if c == separator => cells.push(std::mem::take(&mut cell)),
                (c, _) => cell.push(c),
            }
        }
        cells.push(cell);
        rows.push(cells);
    }
    rows
}

/// Rejected rows a finished import lists (all are counted).
pub const REJECTED_LISTED: usize = 1_000;

/// One import and its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportJob {
    pub code: u64,
    pub list: u64,
    pub total: u64,
    pub inserted: u64,
    pub updated: u64,
    pub invalid: u64,
    /// The first rejected rows: (line of the file, 1-based; the e-mail cell; why).
    pub rejected: Vec<(usize, String, &'static str)>,
    pub polls: u32,
    pub created_at: DateTime<Utc>,
}

/// How long an import answers `processing`: for its first `polls` polls, and until `time`
/// has passed since its file was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportProcessing {
    pub polls: u32,
    pub time: std::time::Duration,
}

impl Tenant {
    /// Imports the rows of `csv` into the list and records the job; returns its code. Rows
    /// are matched to the list's contacts by e-mail (case-insensitive) through one index
    /// built per import, so a file of n rows costs O(n), not O(n × contacts).
    pub fn import(
        &mut self,
        params: &ImportParams,
        csv: &str,
        now: DateTime<Utc>,
    ) -> Result<u64, Fail> {
        self.check_list(params.list)?;
        if let Some(&(_, field)) = params.columns.iter().find(|(_, f)| !self.has_field(*f)) {
            return Err(Fail::invalid(format!("field {field} does not exist")));
        }
        let rows = parse_csv(csv, params.separator);
        let skipped = usize::from(params.header).min(rows.len());
        let mut job = ImportJob {
            code: self.next_import,
            list: params.list,
            total: (rows.len() - skipped) as u64,
            inserted: 0,
            updated: 0,
            invalid: 0,
            rejected: Vec::new(),
            polls: 0,
            created_at: now,
        };
        self.next_import += 1;
        let mut by_email: HashMap<String, u64> = self
            .contacts
            .values()
            .filter(|c| c.list_code == params.list)
            .map(|c| (c.email.to_lowercase(), c.code))
            .collect();
        for (index, row) in rows.iter().enumerate().skip(skipped) {
            let patch = match self.row_patch(params, row) {
                Ok(patch) => patch,
                Err((email, reason)) => {
                    job.invalid += 1;
                    if job.rejected.len() < REJECTED_LISTED {
                        job.rejected.push((index + 1, email, reason));
                    }
                    continue;
                }
            };
            let key = patch.email.clone().unwrap_or_default().to_lowercase();
            match by_email
                .get(&key)
                .and_then(|code| self.contacts.get_mut(code))
            {
                Some(contact) => {
                    patch.apply(contact);
                    job.updated += 1;
                }
                None => {
                    by_email.insert(key, self.insert(params.list, patch, now));
                    job.inserted += 1;
                }
            }
        }
        let code = job.code;
        self.imports.insert(code, job);
        Ok(code)
    }

    /// The row as a contact, or its e-mail cell and why it is refused.
    fn row_patch(
        &self,
        params: &ImportParams,
        row: &[String],
    ) -> Result<ContactPatch, (String, &'static str)> {
        let cell = |position: usize| row.get(position).map(|c| c.trim()).unwrap_or("");
        let email_cell = params
            .columns
            .iter()
            .find(|(_, field)| *field == 1)
            .map(|&(position, _)| cell(position).to_owned())
            .unwrap_or_default();
        let mut patch = ContactPatch::default();
        for &(position, field) in &params.columns {
            let cell = cell(position);
            if !cell.is_empty() {
                patch
                    .set_field(&field.to_string(), json!(cell), &self.fields)
                    .map_err(|_| (email_cell.clone(), "invalid value"))?;
            }
        }
        if !patch.email.as_deref().is_some_and(is_valid_email) {
            return Err((email_cell, "invalid e-mail"));
        }
        Ok(patch)
    }

    /// The status of an import at `now`; each call is one poll.
    pub fn import_status(
        &mut self,
        code: u64,
        processing: ImportProcessing,
        now: DateTime<Utc>,
    ) -> Result<Value, Fail> {
        let job = self.imports.get_mut(&code).ok_or(Fail::NotFound)?;
        job.polls += 1;
        let elapsed = (now - job.created_at).to_std().unwrap_or_default();
        if job.polls <= processing.polls || elapsed < processing.time {
            return Ok(
                json!({"code": code.to_string(), "status": "processing", "total": job.total.to_string()}),
            );
        }
        let rejected: Vec<Value> = job
            .rejected
            .iter()
            .map(|(line, email, reason)| {
                json!({"line": line.to_string(), "email": email, "reason": reason})
            })
            .collect();
        Ok(json!({
            "code": code.to_string(),
            "status": "finished",
            "contact-list_code": job.list.to_string(),
            "total": job.total.to_string(),
            "inserted": job.inserted.to_string(),
            "updated": job.updated.to_string(),
            "invalid": job.invalid.to_string(),
            "rejected": rejected,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_may_be_quoted_and_contain_the_separator() {
        let rows = parse_csv(
            "email;name\r\n\"a@x.com\";\"Silva; \"\"Ana\"\"\"\n\nb@x.com;Bruno\n",
            ';',
        );
        assert_eq!(
            rows,
            vec![
                vec!["email".to_string(), "name".into()],
                vec!["a@x.com".into(), "Silva; \"Ana\"".into()],
                vec!["b@x.com".into(), "Bruno".into()],
            ]
        );
    }

    #[test]
    fn parameters_need_an_email_column() {
        let ok = r#"{"contact-list_code":"1","separator":";","header":true,"file_columns":[{"Position":"0","Field":"1","Rule":"3"}]}"#;
        let params = ImportParams::parse(ok).unwrap();
        assert_eq!(
            (params.list, params.separator, params.header, params.columns),
            (1, ';', true, vec![(0, 1)])
        );
        let no_email = r#"{"contact-list_code":"1","file_columns":[{"Position":"0","Field":"2"}]}"#;
        assert!(ImportParams::parse(no_email).is_err());
    }

    #[test]
    fn an_import_is_processing_until_its_delay_passed_and_matches_rows_by_email() {
        use crate::sim::layout::{default_fields, default_lists};
        let mut tenant = Tenant::seeded(&default_lists(), &default_fields());
        let params = ImportParams::parse(
            r#"{"contact-list_code":"1","separator":",","header":false,"file_columns":[{"Position":"0","Field":"1"},{"Position":"1","Field":"2"}]}"#,
        )
        .unwrap();
        let t0 = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let csv = "a@x.com,Ana\nnot-an-address,Bad\nA@X.COM,Ana 2\n";
        let code = tenant.import(&params, csv, t0).unwrap();
        let delay = ImportProcessing {
            polls: 0,
            time: std::time::Duration::from_secs(10),
        };
        let early = tenant.import_status(code, delay, t0).unwrap();
        assert_eq!(early["status"], "processing");
        let later = t0 + chrono::Duration::seconds(10);
        let done = tenant.import_status(code, delay, later).unwrap();
        assert_eq!(done["status"], "finished");
        assert_eq!(
            (&done["inserted"], &done["updated"], &done["invalid"]),
            (&json!("1"), &json!("1"), &json!("1"))
        );
        assert_eq!(done["rejected"][0]["line"], "2");
        assert_eq!(done["rejected"][0]["reason"], "invalid e-mail");
        tenant.import(&params, csv, later).unwrap();
        assert_eq!(tenant.contacts.len(), 1, "a second import adds no contact");
    }
}
