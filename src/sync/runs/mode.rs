//! What a run selects: `incremental` or `full` (and `backfill`, reserved for the import of a
//! CRM's existing leads, not started by anything yet).

use std::fmt;
use std::str::FromStr;

/// A run's selection of leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunMode {
    /// Live leads changed since their last successful sync, or never synced.
    Incremental,
    /// Every live lead.
    Full,
}

impl RunMode {
    /// The names a caller may give.
    pub const NAMES: &'static str = "incremental or full";

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Incremental => "incremental",
            Self::Full => "full",
        }
    }

    /// The SQL condition on `l` (`crm_leads`) and `s` (its `crm_lead_sync` row, LEFT JOINed)
    /// choosing the run's leads of company `$1`. The real run and the dry run share it, so a
    /// dry run counts exactly the leads a real run enqueues.
    pub fn selection(self) -> &'static str {
        match self {
            Self::Incremental => {
                "l.company_id = $1 AND l.deleted_at IS NULL AND (s.id IS NULL \
                 OR s.last_successful_sync_at IS NULL OR l.updated_at > s.last_successful_sync_at)"
            }
            Self::Full => "l.company_id = $1 AND l.deleted_at IS NULL",
        }
    }
}

impl FromStr for RunMode {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        match text {
            "incremental" => Ok(Self::Incremental),
            "full" => Ok(Self::Full),
            _ => Err(()),
        }
    }
}

impl fmt::Display for RunMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
