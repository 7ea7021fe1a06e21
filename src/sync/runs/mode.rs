//! What a run selects: `incremental`, `full`, or `backfill` (every live lead, through
//! Dinamize's bulk import: `sync::backfill`).

use std::fmt;
use std::str::FromStr;

/// A run's selection of leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunMode {
    /// Live leads changed since their last successful sync, or never synced.
    Incremental,
    /// Every live lead.
    Full,
    /// Every live lead, through the bulk import whatever their number.
    Backfill,
}

impl RunMode {
    /// The names a caller may give.
    pub const NAMES: &'static str = "incremental, full or backfill";

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Incremental => "incremental",
            Self::Full => "full",
            Self::Backfill => "backfill",
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
            Self::Full | Self::Backfill => "l.company_id = $1 AND l.deleted_at IS NULL",
        }
    }
}

impl FromStr for RunMode {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        match text {
            "incremental" => Ok(Self::Incremental),
            "full" => Ok(Self::Full),
            "backfill" => Ok(Self::Backfill),
            _ => Err(()),
        }
    }
}

impl fmt::Display for RunMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
