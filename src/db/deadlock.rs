//! PostgreSQL's deadlock answer (SQLSTATE 40P01): it aborts one of two transactions that wait
//! on each other, and the aborted one may simply run again. A lead's write (its capture
//! trigger enqueues the sync: `crm_lead_sync`, then `crm_sync_queue`) can meet a worker
//! recording a run (the job, then the lead's sync row) this way, and so can a resync run's
//! enqueue (the sync rows, then the jobs, of many leads in one transaction).

use diesel::result::Error;

/// How many times in all a statement aborted as a deadlock victim is run.
pub const DEADLOCK_TRIES: u32 = 3;

/// Whether PostgreSQL aborted the statement to break a deadlock. Diesel reports it as an
/// unknown database error with PostgreSQL's message (`deadlock detected`).
pub fn is_deadlock(error: &Error) -> bool {
    match error {
        Error::DatabaseError(_, info) => info.message().starts_with("deadlock detected"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use diesel::result::DatabaseErrorKind;

    use super::*;

    #[test]
    fn only_a_deadlock_is_a_deadlock() {
        let error = |message: &str| {
            Error::DatabaseError(DatabaseErrorKind::Unknown, Box::new(message.to_string()))
        };
        assert!(is_deadlock(&error("deadlock detected")));
        assert!(!is_deadlock(&error(
            "duplicate key value violates unique constraint"
        )));
        assert!(!is_deadlock(&Error::NotFound));
    }
}
