//! The request journal: every request to a Dinamize route, as it arrived (real time, method,
//! path, headers, body as JSON) and the code it was answered with, for tests and benchmarks.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::VecDeque;

/// One journaled request.
#[derive(Debug, Clone, Serialize)]
pub struct JournalEntry {
    /// Sequence number, from 1 since the simulator started.
    pub id: u64,
    /// Arrival (real time), RFC 3339 with milliseconds.
    pub at: String,
    /// Arrival (real time) in milliseconds since the Unix epoch.
    pub at_ms: i64,
    pub method: String,
    pub path: String,
    /// Header names in lower case; repeated headers are joined with `, `.
    pub headers: Map<String, Value>,
    /// The JSON body; a multipart import as an object of its parts; an unreadable body as a string.
    pub body: Value,
    /// The code answered, once answered (`null` for a request that timed out).
    pub response_code: Option<String>,
}

impl JournalEntry {
    /// An entry for a request that arrived at `at`, not yet answered.
    pub fn new(at: DateTime<Utc>, method: &str, path: &str, headers: Map<String, Value>) -> Self {
        Self {
            id: 0,
            at: at.to_rfc3339_opts(SecondsFormat::Millis, true),
            at_ms: at.timestamp_millis(),
            method: method.into(),
            path: path.into(),
            headers,
            body: Value::Null,
            response_code: None,
        }
    }
}

/// A bounded log of entries, oldest first.
#[derive(Debug)]
pub struct Journal {
    capacity: usize,
    next_id: u64,
    entries: VecDeque<JournalEntry>,
}

impl Journal {
    /// An empty journal keeping at most `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            next_id: 1,
            entries: VecDeque::new(),
        }
    }

    /// Appends an entry and returns its id.
    pub fn push(&mut self, mut entry: JournalEntry) -> u64 {
        entry.id = self.next_id;
        self.next_id += 1;
        if self.entries.len() == self.capacity {
            self.entries.pop_front();
        }
        let id = entry.id;
        self.entries.push_back(entry);
        id
    }

    /// Records the code entry `id` was answered with (if it is still kept).
    pub fn answered(&mut self, id: u64, code: &str) {
        if let Some(e) = self.entries.iter_mut().rev().find(|e| e.id == id) {
            e.response_code = Some(code.into());
        }
    }

    /// A copy of every entry, oldest first.
    pub fn entries(&self) -> Vec<JournalEntry> {
        self.entries.iter().cloned().collect()
    }

    /// Forgets every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}
