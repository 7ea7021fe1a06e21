//! Group commit for Redis decisions, pipelined: callers asking for the same company (and limit)
//! queue up, and a few round trips of that company run at once, each deciding the callers
//! queued when it starts in one script call (`sliding_window.lua`), in the order they asked.
//! One caller alone still gets one round trip; many concurrent callers share round trips, so
//! Redis runs one script per round instead of one per caller (the limiter's cost under load),
//! and while one round trip is on the wire the next one is already being filled and sent, so
//! neither this process nor Redis waits for the other.
//!
//! Exactness does not depend on how callers are grouped or how many rounds are in flight:
//! every round is one atomic script run against the one shared window.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use tokio::sync::oneshot;

use super::script::ScriptAnswer;

/// Round trips of one company that may be in flight at once, by default. One: measured with 4
/// callers on the loaded 2-core machine (`bench limiter`, `BENCH_LIMITER_ROUNDS=2`), two
/// rounds in flight split the callers into rounds half as big, and Redis' cost per decision
/// (a script run per round) rose more than the overlap gained. More may pay where Redis has
/// a core to itself.
pub const ROUNDS_IN_FLIGHT: usize = 1;

/// Most decisions in one round: bounds the script's argument list and its run time (Redis
/// serves nobody else meanwhile). Callers beyond it wait for the next round.
pub const MAX_ROUND: usize = 512;

/// The answer a caller waits for: the script's answer, or why Redis failed.
pub type Answer = Result<ScriptAnswer, String>;

/// Callers waiting for a round of one company and limit, and the rounds running.
#[derive(Default)]
struct Queue {
    reserves: Vec<u32>,
    replies: Vec<oneshot::Sender<Answer>>,
    /// Round runners started and not finished (each runs rounds until the queue is empty).
    runners: usize,
    /// Runners started that have not taken their first round yet.
    starting: usize,
}

/// Every company's queue. A queue exists while a runner of its company is running.
pub struct Batches {
    queues: Mutex<HashMap<(i64, u32), Queue>>,
    rounds_in_flight: usize,
}

impl Default for Batches {
    fn default() -> Self {
        Self::new(ROUNDS_IN_FLIGHT)
    }
}

/// What `join` tells a caller: wait on the receiver; if `lead`, start a runner (`next_round`
/// until it answers `None`).
pub struct Joined {
    /// Where the caller's answer arrives.
    pub answer: oneshot::Receiver<Answer>,
    /// True when fewer than the allowed rounds in flight: of this company run, so the caller
    /// must start one.
    pub lead: bool,
}

/// One round's callers and where to send their answers.
pub struct Round {
    /// Each caller's lane reserve, in the order the callers asked.
    pub reserves: Vec<u32>,
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

    /// Answers the first `n` callers with a permit (leased ones) and returns the round of
    /// the others, if any are left.
    pub fn allow_first(mut self, n: usize) -> Option<Round> {
        let n = n.min(self.replies.len());
        for reply in self.replies.drain(..n) {
            let _ = reply.send(Ok(ScriptAnswer::Allowed));
        }
        self.reserves.drain(..n);
        (!self.replies.is_empty()).then_some(self)
    }

    fn fail(self, reason: &str) {
        for reply in self.replies {
            let _ = reply.send(Err(reason.to_owned()));
        }
    }
}

impl Batches {
    /// Queues letting up to `rounds_in_flight` (at least 1) round trips of a company run at
    /// once.
    pub fn new(rounds_in_flight: usize) -> Self {
        Self {
            queues: Mutex::default(),
            rounds_in_flight: rounds_in_flight.max(1),
        }
    }

    /// Queues a caller whose lane reserves `reserve` slots for a round of `company_id` at
    /// `limit`.
    pub fn join(&self, company_id: i64, limit: u32, reserve: u32) -> Joined {
        let (tx, rx) = oneshot::channel();
        let mut queues = self.lock();
        let queue = queues.entry((company_id, limit)).or_default();
        queue.reserves.push(reserve);
        queue.replies.push(tx);
        let lead = queue.runners < self.rounds_in_flight;
        if lead {
            queue.runners += 1;
            queue.starting += 1;
        }
        Joined { answer: rx, lead }
    }

    /// The next round for a runner of `company_id` at `limit` (`first` on its first call), or
    /// `None` when nobody is waiting: the runner has ended (and the queue is closed when it
    /// was the last). Runners that have not started yet share the waiting callers, so that
    /// their rounds are in flight together rather than the first taking everyone.
    pub fn next_round(&self, company_id: i64, limit: u32, first: bool) -> Option<Round> {
        let mut queues = self.lock();
        let queue = queues.get_mut(&(company_id, limit))?;
        let share = if first {
            queue.starting -= 1;
            queue.reserves.len().div_ceil(queue.starting + 1)
        } else {
            queue.reserves.len()
        };
        if share == 0 {
            queue.runners -= 1;
            if queue.runners == 0 {
                queues.remove(&(company_id, limit));
            }
            return None;
        }
        let take = share.min(MAX_ROUND);
        let rest_reserves = queue.reserves.split_off(take);
        let rest_replies = queue.replies.split_off(take);
        Some(Round {
            reserves: std::mem::replace(&mut queue.reserves, rest_reserves),
            replies: std::mem::replace(&mut queue.replies, rest_replies),
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

    #[test]
    fn the_first_callers_lead_and_later_ones_join_a_running_rounds_queue() {
        let batches = Batches::new(1);
        let first = batches.join(7, 60, 0);
        assert!(first.lead);
        let round = batches.next_round(7, 60, true).unwrap();
        assert_eq!(round.reserves, [0]);
        let (second, third) = (batches.join(7, 60, 1), batches.join(7, 60, 2));
        assert!(!second.lead && !third.lead, "a round is running");
        assert!(
            batches.join(8, 60, 0).lead,
            "another company has its own queue"
        );
        round.answer(Ok(vec![ScriptAnswer::Allowed]));
        let next = batches.next_round(7, 60, false).unwrap();
        assert_eq!(next.reserves, [1, 2], "in the order they asked");
        let wait = ScriptAnswer::Limited(Duration::from_millis(5));
        next.answer(Ok(vec![ScriptAnswer::Allowed, wait]));
        assert!(
            batches.next_round(7, 60, false).is_none(),
            "drained: the queue closes"
        );
        assert!(batches.join(7, 60, 0).lead, "the next caller leads again");
    }

    #[test]
    fn two_rounds_run_at_once_and_their_runners_share_the_waiting_callers() {
        let batches = Batches::new(2);
        let leads: Vec<bool> = (0..4).map(|i| batches.join(1, 60, i).lead).collect();
        assert_eq!(leads, [true, true, false, false], "two runners at most");
        let one = batches.next_round(1, 60, true).unwrap();
        let two = batches.next_round(1, 60, true).unwrap();
        assert_eq!((one.reserves, two.reserves), (vec![0, 1], vec![2, 3]));
        assert!(!batches.join(1, 60, 9).lead, "both runners are busy");
        assert_eq!(batches.next_round(1, 60, false).unwrap().reserves, [9]);
        assert!(batches.next_round(1, 60, false).is_none());
        assert!(
            batches.join(1, 60, 5).lead,
            "one runner is still in flight: a second round may start"
        );
        assert_eq!(batches.next_round(1, 60, true).unwrap().reserves, [5]);
        assert!(batches.next_round(1, 60, false).is_none());
        assert!(batches.next_round(1, 60, false).is_none());
        assert!(batches.join(1, 60, 0).lead, "closed: the next caller leads");
    }

    #[test]
    fn a_round_takes_at_most_max_round_callers() {
        let batches = Batches::new(1);
        for _ in 0..MAX_ROUND + 3 {
            batches.join(2, 60, 0);
        }
        assert_eq!(
            batches.next_round(2, 60, true).unwrap().reserves.len(),
            MAX_ROUND
        );
        assert_eq!(batches.next_round(2, 60, false).unwrap().reserves.len(), 3);
    }

    #[test]
    fn a_failed_round_answers_every_caller_with_the_reason() {
        let batches = Batches::new(2);
        let mut one = batches.join(1, 60, 0);
        let mut two = batches.join(1, 60, 0);
        let round = batches.next_round(1, 60, true).unwrap();
        assert_eq!(round.reserves.len(), 1, "the second runner takes the other");
        round.answer(Err("down".into()));
        batches
            .next_round(1, 60, true)
            .unwrap()
            .answer(Err("down".into()));
        assert_eq!(one.answer.try_recv().unwrap(), Err("down".into()));
        assert_eq!(two.answer.try_recv().unwrap(), Err("down".into()));
    }
}
