//! Group commit for job results. Every worker of an instance hands its result to one writer,
//! which writes all the results waiting at that moment in one statement: one WAL flush for
//! the batch instead of one per result (a flush took about 10 ms on this project's machine,
//! and was most of a no-op job's cost). A worker still waits until its own result is
//! committed before it takes the next job, so every completion is durable.
//!
//! Results are written in lead order, the order in which a CRM statement touching many leads
//! most likely locks them, so that the batch rarely waits on (or deadlocks with) such a
//! statement. A batch that fails is written again one result per statement, so that one
//! result that cannot be written does not hold back the others.

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, oneshot};

use super::job::ClaimedJob;
use super::queue::{self, RunRecord};
use super::transition::Transition;
use crate::db::DbPool;

/// The most results one transaction writes.
const MAX_BATCH: usize = 128;

/// The job's new status, `None` when its fence no longer matched; or why it was not written.
pub type Written = Result<Option<String>, String>;

/// One run's result, owned while it waits for its batch.
#[derive(Debug, Clone)]
pub struct JobResult {
    pub job: ClaimedJob,
    pub transition: Transition,
    pub duration_ms: i32,
    pub max_attempts: i32,
    pub log_release: bool,
    pub now: DateTime<Utc>,
}

impl JobResult {
    fn record(&self) -> RunRecord<'_> {
        RunRecord {
            job: &self.job,
            transition: &self.transition,
            duration_ms: self.duration_ms,
            max_attempts: self.max_attempts,
            log_release: self.log_release,
            now: self.now,
        }
    }
}

struct Pending {
    result: JobResult,
    reply: oneshot::Sender<Written>,
}

/// Where the workers of one instance send their results.
#[derive(Clone)]
pub struct Recorder {
    sender: mpsc::UnboundedSender<Pending>,
}

impl Recorder {
    /// A recorder writing to `db`; its writer runs on the current actix arbiter until every
    /// `Recorder` is dropped.
    pub fn start(db: DbPool) -> Self {
        let (sender, receiver) = mpsc::unbounded_channel();
        actix::spawn(write_batches(db, receiver));
        Self { sender }
    }

    /// Writes `result`, in a batch with whatever else is waiting; returns once committed.
    pub async fn write(&self, result: JobResult) -> Written {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(Pending { result, reply })
            .map_err(|_| "the result writer has stopped".to_owned())?;
        answer
            .await
            .map_err(|_| "the result writer has stopped".to_owned())?
    }
}

async fn write_batches(db: DbPool, mut receiver: mpsc::UnboundedReceiver<Pending>) {
    let mut batch = Vec::new();
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        batch.sort_by_key(|p| (p.result.job.lead_id, p.result.job.id));
        let results: Vec<&JobResult> = batch.iter().map(|p| &p.result).collect();
        let written = write_batch(&db, &results).await;
        for (pending, written) in batch.drain(..).zip(written) {
            let _ = pending.reply.send(written);
        }
    }
}

/// Each result's outcome: all in one transaction, or one by one when that failed.
async fn write_batch(db: &DbPool, results: &[&JobResult]) -> Vec<Written> {
    if results.len() > 1 {
        match write_together(db, results).await {
            Ok(statuses) => return statuses.into_iter().map(Ok).collect(),
            Err(error) => log::debug!(
                "sync: a batch of {} results failed ({error}); writing them one by one",
                results.len()
            ),
        }
    }
    let mut written = Vec::with_capacity(results.len());
    for result in results {
        written.push(write_together(db, &[result]).await.map(|mut s| s.remove(0)));
    }
    written
}

async fn write_together(
    db: &DbPool,
    results: &[&JobResult],
) -> Result<Vec<Option<String>>, String> {
    let mut conn = db.get().await.map_err(|e| e.to_string())?;
    let records: Vec<RunRecord<'_>> = results.iter().map(|r| r.record()).collect();
    queue::record_many(&mut conn, &records)
        .await
        .map_err(|e| e.to_string())
}
