//! Which instance works a backfill run: the one holding its lease (`crm_sync_runs.lease_until`).
//! An instance takes a running backfill whose lease is missing or over, renews the lease as it
//! goes, and stops when a renewal finds another owner; so a run whose process died is taken
//! over by any instance once its lease ends, and is never worked twice at once.

use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Int8, Timestamptz};
use diesel_async::RunQueryDsl;

use crate::db::DbPool;

/// A run taken by this instance.
pub struct Lease {
    db: DbPool,
    /// The run.
    pub run_id: i64,
    /// The run's company.
    pub company_id: i64,
    length: Duration,
    /// The lease as written: the fence a renewal checks.
    until: Mutex<DateTime<Utc>>,
}

#[derive(QueryableByName)]
struct Taken {
    #[diesel(sql_type = Int8)]
    id: i64,
    #[diesel(sql_type = Int8)]
    company_id: i64,
    #[diesel(sql_type = Timestamptz)]
    lease_until: DateTime<Utc>,
}

impl Lease {
    /// Takes one running backfill whose lease is missing or over at `now`, for `length`.
    pub async fn take(
        db: &DbPool,
        length: Duration,
        now: DateTime<Utc>,
    ) -> diesel::QueryResult<Option<Self>> {
        let mut conn = db.get().await.map_err(unavailable)?;
        let mut rows: Vec<Taken> = diesel::sql_query(
            "UPDATE crm_sync_runs SET lease_until = $1 + make_interval(secs => $2) \
             WHERE id = (SELECT id FROM crm_sync_runs \
                 WHERE status = 'running' AND NOT dry_run AND phase IS NOT NULL \
                   AND (lease_until IS NULL OR lease_until < $1) \
                 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) \
             RETURNING id, company_id, lease_until",
        )
        .bind::<Timestamptz, _>(now)
        .bind::<diesel::sql_types::Double, _>(length.as_secs_f64())
        .load(&mut conn)
        .await?;
        Ok(rows.pop().map(|row| Self {
            db: db.clone(),
            run_id: row.id,
            company_id: row.company_id,
            length,
            until: Mutex::new(row.lease_until),
        }))
    }

    /// Extends the lease from now; `false` when another instance holds the run (or the run
    /// is over), and then this one must stop.
    pub async fn renew(&self) -> bool {
        let Ok(mut conn) = self.db.get().await else {
            return false;
        };
        let old = *self.until.lock().unwrap_or_else(|p| p.into_inner());
        let rows: Result<Vec<Taken>, _> = diesel::sql_query(
            "UPDATE crm_sync_runs SET lease_until = now() + make_interval(secs => $3) \
             WHERE id = $1 AND lease_until = $2 AND status = 'running' \
             RETURNING id, company_id, lease_until",
        )
        .bind::<Int8, _>(self.run_id)
        .bind::<Timestamptz, _>(old)
        .bind::<diesel::sql_types::Double, _>(self.length.as_secs_f64())
        .load(&mut conn)
        .await;
        match rows.ok().and_then(|mut rows| rows.pop()) {
            Some(row) => {
                *self.until.lock().unwrap_or_else(|p| p.into_inner()) = row.lease_until;
                true
            }
            None => false,
        }
    }

    /// Gives the run back at once (after a transient failure), so the next tick of any
    /// instance retries it.
    pub async fn release(&self) {
        let old = *self.until.lock().unwrap_or_else(|p| p.into_inner());
        if let Ok(mut conn) = self.db.get().await {
            let _ = diesel::sql_query(
                "UPDATE crm_sync_runs SET lease_until = NULL WHERE id = $1 AND lease_until = $2",
            )
            .bind::<Int8, _>(self.run_id)
            .bind::<Timestamptz, _>(old)
            .execute(&mut conn)
            .await;
        }
    }
}

fn unavailable(error: impl std::fmt::Display) -> diesel::result::Error {
    diesel::result::Error::QueryBuilderError(format!("no database connection: {error}").into())
}
