//! Working one backfill run to its end, step by step from what the run row says, so that an
//! instance taking over a run whose process died resumes where it stood: the chunk's import
//! in flight is polled (not sent again), a chunk exported but not recorded as sent is sent
//! again (the import matches rows by e-mail, so that creates no second contact), and the
//! read-back is done again for the rows whose code is not stored yet.

use std::time::{Duration, Instant};

use actix::Addr;
use chrono::Utc;
use diesel_async::AsyncPgConnection;
use diesel_async::pooled_connection::bb8::PooledConnection;

use super::calls::BackfillCalls;
use super::export::{self, Target};
use super::lease::Lease;
use super::status::{ImportState, state};
use super::{csv, store};
use crate::actors::api_client::{ApiClientActor, CallError};
use crate::config::ImportConfig;
use crate::db::DbPool;
use crate::dinamize::DinamizeError;
use crate::redis::RedisHandle;
use crate::sync::wake;

/// Sync rows whose code is stored per transaction after the read-back.
const STORE_BATCH: i64 = 10_000;
/// How often the start looks again whether the company's running jobs have ended.
const SETTLE_POLL: Duration = Duration::from_millis(100);

/// What works backfill runs on this instance.
#[derive(Clone)]
pub struct Backfiller {
    db: DbPool,
    api: Addr<ApiClientActor>,
    settings: ImportConfig,
    lease: Duration,
    /// Where the end of a run is announced, so that workers start its released jobs at once.
    redis: Option<RedisHandle>,
}

/// Why working a run stopped before its end.
#[derive(Debug)]
enum Stop {
    /// Another instance holds the run now.
    Lost,
    /// PostgreSQL or Dinamize failed for now: the run is given back and retried.
    Transient(String),
    /// Dinamize refused the account, the list or the file: the run ends, failed.
    Fatal(String),
}

impl From<diesel::result::Error> for Stop {
    fn from(error: diesel::result::Error) -> Self {
        Stop::Transient(format!("PostgreSQL: {error}"))
    }
}

impl Backfiller {
    /// Runs calling Dinamize through `api`, holding each run for `lease` between renewals.
    pub fn new(
        db: DbPool,
        api: Addr<ApiClientActor>,
        settings: ImportConfig,
        lease: Duration,
    ) -> Self {
        Self {
            db,
            api,
            settings,
            lease,
            redis: None,
        }
    }

    /// Announces the end of each run on `redis` (the sync's wake-up channel): every instance's
    /// workers then start the jobs the run released without waiting for their poll.
    pub fn waking(self, redis: RedisHandle) -> Self {
        Self {
            redis: Some(redis),
            ..self
        }
    }

    /// Takes one running backfill whose lease is over (or missing) and works it until it
    /// ends, is lost or fails for now; whether to look for another at once: `false` when
    /// there was none to take, and when this one paused (it is retried at the next tick, not
    /// at once: a lasting failure, such as a lead PostgreSQL cannot hand back, took it again
    /// every 5 ms).
    pub async fn work_one(&self) -> bool {
        let lease = match Lease::take(&self.db, self.lease, Utc::now()).await {
            Ok(Some(lease)) => lease,
            Ok(None) => return false,
            Err(error) => {
                log::warn!("backfill: cannot look for runs: {error}");
                return false;
            }
        };
        log::info!("backfill: run {} taken", lease.run_id);
        match self.execute(&lease).await {
            Ok(()) => {
                log::info!("backfill: run {} finished", lease.run_id);
                if let Some(redis) = &self.redis {
                    wake::publish(redis, lease.company_id).await;
                }
            }
            Err(Stop::Lost) => log::warn!("backfill: run {} taken over elsewhere", lease.run_id),
            Err(Stop::Transient(why) | Stop::Fatal(why)) => {
                log::warn!("backfill: run {} paused, retried soon: {why}", lease.run_id);
                lease.release().await;
                return false;
            }
        }
        true
    }

    async fn conn(&self) -> Result<PooledConnection<'_, AsyncPgConnection>, Stop> {
        self.db
            .get()
            .await
            .map_err(|e| Stop::Transient(format!("PostgreSQL: {e}")))
    }

    async fn execute(&self, lease: &Lease) -> Result<(), Stop> {
        let (run, company) = (lease.run_id, lease.company_id);
        let calls = BackfillCalls::new(company, self.api.clone());
        let target = match export::target(&mut *self.conn().await?, company).await? {
            Ok(target) => target,
            Err(reason) => return self.fail(lease, &reason).await,
        };
        loop {
            if !lease.renew().await {
                return Err(Stop::Lost);
            }
            let progress = store::progress(&mut *self.conn().await?, run).await?;
            let Some(progress) = progress.filter(|p| p.status == "running") else {
                return Ok(());
            };
            let outcome = match (progress.phase.as_deref(), progress.import_code.clone()) {
                (Some("read_back"), _) => return self.read_back(lease, &calls, &target).await,
                (_, Some(code)) => self.await_import(lease, &calls, &code).await,
                _ => {
                    if progress.exported_through == 0 && progress.imports_done == 0 {
                        self.settle(lease).await?;
                    }
                    self.send_chunk(lease, &calls, &target, &progress).await
                }
            };
            match outcome {
                Err(Stop::Fatal(why)) => return self.fail(lease, &why).await,
                other => other?,
            }
        }
    }

    /// Takes over the company's waiting jobs and waits (at most one lease) for its running
    /// ones to end, so that none sends an older state after the import.
    async fn settle(&self, lease: &Lease) -> Result<(), Stop> {
        let started = Instant::now();
        loop {
            let running =
                store::settle_queue(&mut *self.conn().await?, lease.company_id, Utc::now()).await?;
            if running == 0 || started.elapsed() > self.lease {
                return Ok(());
            }
            tokio::time::sleep(SETTLE_POLL).await;
            if !lease.renew().await {
                return Err(Stop::Lost);
            }
        }
    }

    /// Exports the next chunk and sends its import (or moves to the read-back after the last).
    async fn send_chunk(
        &self,
        lease: &Lease,
        calls: &BackfillCalls,
        target: &Target,
        progress: &store::Progress,
    ) -> Result<(), Stop> {
        let run = lease.run_id;
        let rows = self.settings.chunk_rows as usize;
        let mut conn = self.conn().await?;
        let chunk =
            export::next_chunk(&mut conn, lease.company_id, progress.exported_through, rows)
                .await?;
        if chunk.leads == 0 {
            return Ok(store::to_read_back(&mut conn, run).await?);
        }
        if chunk.sent.is_empty() {
            return Ok(store::skip_chunk(&mut conn, run, chunk.through, chunk.unchanged).await?);
        }
        store::mark_sent(&mut conn, run, lease.company_id, &chunk.sent).await?;
        drop(conn);
        let name = format!("backfill-{run}-{}.csv", progress.imports_done + 1);
        let request = csv::import_request(&target.list, &target.custom, &chunk.contacts, name);
        let code = calls.import(request, lease).await.map_err(call_stop)?;
        let mut conn = self.conn().await?;
        store::import_sent(&mut conn, run, &code, chunk.through, chunk.unchanged).await?;
        log::info!(
            "backfill: run {run}: chunk {} sent ({} leads), import {code}",
            progress.imports_done + 1,
            chunk.sent.len()
        );
        Ok(())
    }

    /// Polls import `code` until it ends; records the rows it refused.
    async fn await_import(
        &self,
        lease: &Lease,
        calls: &BackfillCalls,
        code: &str,
    ) -> Result<(), Stop> {
        loop {
            let status = calls.status(code, lease).await.map_err(call_stop)?;
            match state(&status) {
                ImportState::Processing => tokio::time::sleep(self.settings.poll).await,
                ImportState::Finished(refused) => {
                    let mut conn = self.conn().await?;
                    store::import_done(&mut conn, lease.run_id, &refused, Utc::now()).await?;
                    return Ok(());
                }
                ImportState::Failed(why) => return Err(Stop::Fatal(why)),
            }
        }
    }

    /// Reads the list back and stores each sent lead's code, then ends the run.
    async fn read_back(
        &self,
        lease: &Lease,
        calls: &BackfillCalls,
        target: &Target,
    ) -> Result<(), Stop> {
        let run = lease.run_id;
        let (codes, pages) = match calls.read_back(&target.list, lease).await {
            Ok(read) => read,
            Err(error) => {
                return match call_stop(error) {
                    Stop::Fatal(why) => self.fail(lease, &why).await,
                    stop => Err(stop),
                };
            }
        };
        log::info!(
            "backfill: run {run}: {} contacts read back in {pages} requests",
            codes.len()
        );
        let reason = format!(
            "not in Dinamize list {} after the bulk import of run {run}: Dinamize refused the row",
            target.list
        );
        let mut after = 0;
        let mut conn = self.conn().await?;
        loop {
            let batch = store::pending(&mut conn, run, after, STORE_BATCH).await?;
            let Some(last) = batch.last() else { break };
            after = last.id;
            let (mut found, mut missing) = (Vec::new(), Vec::new());
            for row in &batch {
                match codes.get(&row.email.trim().to_lowercase()) {
                    Some(code) => found.push((row.id, code.clone())),
                    None => missing.push(row.id),
                }
            }
            store::store_codes(
                &mut conn,
                run,
                &target.list,
                &found,
                &missing,
                &reason,
                Utc::now(),
            )
            .await?;
        }
        if !lease.renew().await {
            return Err(Stop::Lost);
        }
        store::finish(&mut conn, run, lease.company_id, None, Utc::now()).await?;
        Ok(())
    }

    /// Ends the run as failed with `reason`; the leads it did not sync go back to the queue.
    async fn fail(&self, lease: &Lease, reason: &str) -> Result<(), Stop> {
        log::error!("backfill: run {} failed: {reason}", lease.run_id);
        let mut conn = self.conn().await?;
        store::finish(
            &mut conn,
            lease.run_id,
            lease.company_id,
            Some(reason),
            Utc::now(),
        )
        .await?;
        Ok(())
    }
}

/// A failed call: a refusal (the account, the list, the file) ends the run; anything else
/// (the network, a rate limit, our own dependencies) is retried.
fn call_stop(error: CallError) -> Stop {
    match &error {
        CallError::Misconfigured { .. } | CallError::Dinamize(DinamizeError::Validation { .. }) => {
            Stop::Fatal(error.to_string())
        }
        CallError::Unavailable(why) if why.contains("lease was lost") => Stop::Lost,
        _ => Stop::Transient(error.to_string()),
    }
}
