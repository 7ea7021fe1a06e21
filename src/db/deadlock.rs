//! PostgreSQL's deadlock answer (SQLSTATE 40P01): it aborts one of two transactions that wait
//! on each other, and the aborted one may simply run again. Every writer takes a lead's sync
//! row (`crm_lead_sync`) before its job (`crm_sync_queue`): the capture trigger, a worker
//! recording a batch of runs (it locks the batch's sync rows first, in id order), a resync
//! run's enqueue. Two transactions that each take several sync rows can still meet in
//! opposite orders (a run's enqueue of many leads and a lead write or a batch of results), so
//! those writes run again when they are the victim (`retry_deadlocks`).

use diesel::result::{Error, QueryResult};

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

/// Runs `op`, and again (`DEADLOCK_TRIES` runs in all) while PostgreSQL aborts it as a
/// deadlock victim; any other answer is returned as it is.
pub async fn retry_deadlocks<T>(mut op: impl AsyncFnMut() -> QueryResult<T>) -> QueryResult<T> {
    let mut tries = 1;
    loop {
        match op().await {
            Err(error) if is_deadlock(&error) && tries < DEADLOCK_TRIES => tries += 1,
            other => return other,
        }
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

    fn deadlock() -> Error {
        Error::DatabaseError(
            DatabaseErrorKind::Unknown,
            Box::new("deadlock detected".to_string()),
        )
    }

    #[actix_web::test]
    async fn a_deadlock_victim_runs_again_up_to_the_tries_and_other_errors_at_once() {
        let mut runs = 0;
        let answer = retry_deadlocks(async || {
            runs += 1;
            if runs < DEADLOCK_TRIES {
                Err(deadlock())
            } else {
                Ok(runs)
            }
        });
        assert_eq!(
            answer.await.unwrap(),
            DEADLOCK_TRIES,
            "victim twice, then done"
        );

        let mut runs = 0;
        let answer: QueryResult<()> = retry_deadlocks(async || {
            runs += 1;
            Err(deadlock())
        })
        .await;
        assert!(is_deadlock(&answer.unwrap_err()));
        assert_eq!(runs, DEADLOCK_TRIES, "no more than the tries");

        let mut runs = 0;
        let answer: QueryResult<()> = retry_deadlocks(async || {
            runs += 1;
            Err(Error::NotFound)
        })
        .await;
        assert!(matches!(answer, Err(Error::NotFound)));
        assert_eq!(runs, 1, "any other error is answered at once");
    }
}
