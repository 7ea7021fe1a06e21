//! Group commit for Redis decisions: callers asking for the same company (and limit) while a
//! decision of that company is in flight wait, and the next round trip decides all of them in
//! one script call (`sliding_window_batch.lua`), in the order they asked. One caller alone
//! still gets one round trip; many concurrent callers share round trips, so Redis runs one
//! script per round instead of one per caller (the limiter's cost under load).

use std::collections::HashMap;
use std::mem;
use std::sync::{Mutex, MutexGuard};

use tokio::sync::oneshot;

use super::script::ScriptAnswer;

/// What one waiting caller asks: its lane's reserve and its unique token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// Slots the caller's lane may not use.
    pub reserve: u32,
    /// Unique per call (makes the sorted-set member unique).
    pub token: String,
}

/// The answer a caller waits for: the script's answer, or why Redis failed.
pub type Answer = Result<ScriptAnswer, String>;

/// Callers waiting for the next round trip of one company and limit.
#[derive(Default)]
struct Queue {
    asks: Vec<Ask>,
    replies: Vec<oneshot::Sender<Answer>>,
}

/// Every company's queue. A queue exists while a round trip of its company is running.
#[derive(Default)]
pub struct Batches {
    queues: Mutex<HashMap<(i64, u32), Queue>>,
}

/// What `join` tells a caller: wait on the receiver; if `lead`, start draining the queue.
pub struct Joined {
    /// Where the caller's answer arrives.
    pub answer: oneshot::Receiver<Answer>,
    /// True when no round trip of this company was running: the caller must start `drain`.
    pub lead: bool,
}

/// One round's asks and where to send their answers.
pub struct Round {
    /// In the order the callers asked.
    pub asks: Vec<Ask>,
    replies: Vec<oneshot::Sender<Answer>>,
}

impl Round {
    /// Sends each caller its answer (the same error to all when Redis failed). A caller that
    /// has gone away is skipped: its permit, if granted, stays counted (the safe side).
    pub fn answer(self, result: Result<Vec<ScriptAnswer>, String>) {
        match result {
            Ok(answers) if answers.len() == self.replies.len() => {
                for (reply, answer) in self.replies.into_iter().zip(answers) {
                    let _ = reply.send(Ok(answer));
                }
            }
            Ok(answers) => {
                let reason = format!(
                    "the script answered {} decisions for {} requests",
                    answers.len(),
                    self.replies.len()
                );
                self.fail(&reason);
            }
            Err(reason) => self.fail(&reason),
        }
    }

    fn fail(self, reason: &str) {
        for reply in self.replies {
            let _ = reply.send(Err(reason.to_owned()));
        }
    }
}

impl Batches {
    /// Queues `ask` for the next round trip of `company_id` at `limit`.
    pub fn join(&self, company_id: i64, limit: u32, ask: Ask) -> Joined {
        let (tx, rx) = oneshot::channel();
        let mut queues = self.lock();
        let lead = !queues.contains_key(&(company_id, limit));
        let queue = queues.entry((company_id, limit)).or_default();
        queue.asks.push(ask);
        queue.replies.push(tx);
        Joined { answer: rx, lead }
    }

    /// The asks waiting for the next round, or `None` (and the queue is closed, so the next
    /// caller leads) when nobody is waiting.
    pub fn next_round(&self, company_id: i64, limit: u32) -> Option<Round> {
        let mut queues = self.lock();
        let queue = queues.get_mut(&(company_id, limit))?;
        if queue.asks.is_empty() {
            queues.remove(&(company_id, limit));
            return None;
        }
        Some(Round {
            asks: mem::take(&mut queue.asks),
            replies: mem::take(&mut queue.replies),
        })
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<(i64, u32), Queue>> {
        self.queues
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn ask(token: &str) -> Ask {
        Ask {
            reserve: 0,
            token: token.into(),
        }
    }

    #[test]
    fn the_first_caller_leads_and_later_ones_join_its_next_round() {
        let batches = Batches::default();
        let first = batches.join(7, 60, ask("a"));
        assert!(first.lead);
        let round = batches.next_round(7, 60).unwrap();
        assert_eq!(round.asks, [ask("a")]);
        let (second, third) = (batches.join(7, 60, ask("b")), batches.join(7, 60, ask("c")));
        assert!(!second.lead && !third.lead, "a round is running");
        assert!(
            batches.join(8, 60, ask("x")).lead,
            "another company has its own queue"
        );
        round.answer(Ok(vec![ScriptAnswer::Allowed]));
        let next = batches.next_round(7, 60).unwrap();
        assert_eq!(next.asks, [ask("b"), ask("c")]);
        let wait = ScriptAnswer::Limited(Duration::from_millis(5));
        next.answer(Ok(vec![ScriptAnswer::Allowed, wait]));
        assert!(
            batches.next_round(7, 60).is_none(),
            "drained: the queue closes"
        );
        assert!(
            batches.join(7, 60, ask("d")).lead,
            "the next caller leads again"
        );
    }

    #[test]
    fn a_failed_round_answers_every_caller_with_the_reason() {
        let batches = Batches::default();
        let mut one = batches.join(1, 60, ask("a"));
        let mut two = batches.join(1, 60, ask("b"));
        batches
            .next_round(1, 60)
            .unwrap()
            .answer(Err("down".into()));
        assert_eq!(one.answer.try_recv().unwrap(), Err("down".into()));
        assert_eq!(two.answer.try_recv().unwrap(), Err("down".into()));
    }
}
