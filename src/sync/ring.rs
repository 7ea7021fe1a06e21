//! The dispatcher's round-robin over companies with work, as plain data and `now`-taking
//! methods: which company's job goes out next, which ones wait for their limiter window or
//! their next due job, and when the list should be read again from PostgreSQL.
//!
//! A company that appears (a wake-up, a refresh) goes to the front: its first lead waits for
//! at most the job slots already being handed out, however long another company's backlog.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::time::{Duration, Instant};

/// Where one company stands in the ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    /// Its earliest queued job is due then.
    due: Instant,
    /// Its limiter window is full until then (never lowered by a refresh: PostgreSQL does
    /// not know about the limiter).
    deferred: Option<Instant>,
    /// The due jobs it is believed to have (at least 1): a deal gives it no more slots, so
    /// no permit is asked for a job that is not there.
    jobs: usize,
}

impl Entry {
    fn ready_at(&self) -> Instant {
        self.deferred.map_or(self.due, |d| d.max(self.due))
    }
}

/// The companies with waiting work, in serving order.
#[derive(Debug, Default)]
pub struct Ring {
    order: VecDeque<i64>,
    entries: HashMap<i64, Entry>,
    picks_since_refresh: usize,
    /// Slots dealt to each company whose claims have not settled.
    claiming: HashMap<i64, usize>,
    /// While a refresh reads PostgreSQL: by company, the slots of every claim under way at
    /// some moment since the refresh began (its snapshot may count those jobs as waiting).
    overlap: Option<HashMap<i64, usize>>,
    /// Jobs offered for later, earliest first.
    later: BinaryHeap<Reverse<(Instant, i64)>>,
}

impl Ring {
    /// An empty ring.
    pub fn new() -> Self {
        Self::default()
    }

    /// Companies in the ring.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether no company has work.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// `company` has one more job due at `due`: a newcomer goes to the front; a known one
    /// keeps its place and its limiter deferral, and its due time moves to `due`.
    pub fn offer(&mut self, company: i64, due: Instant) {
        self.offer_jobs(company, due, None);
    }

    /// `company` has one more job, due at `due` (a retry's backoff, a rate-limit wait): it is
    /// offered then, as one more job due at that moment (`deal` and `next_ready` see it), so
    /// it neither waits for a poll nor counts as due before it is.
    pub fn offer_later(&mut self, company: i64, due: Instant) {
        self.later.push(Reverse((due, company)));
    }

    /// Offers the jobs offered for later that are due at `now`.
    fn offer_due(&mut self, now: Instant) {
        while let Some(Reverse((due, company))) = self.later.peek().copied() {
            if due > now {
                return;
            }
            self.later.pop();
            self.offer(company, due);
        }
    }

    /// `company` has `jobs` due jobs (`None`: one more than believed), the earliest due at
    /// `due`.
    fn offer_jobs(&mut self, company: i64, due: Instant, jobs: Option<usize>) {
        match self.entries.get_mut(&company) {
            Some(entry) => {
                entry.due = due;
                entry.jobs = jobs.unwrap_or(entry.jobs + 1).max(1);
            }
            None => {
                self.entries.insert(
                    company,
                    Entry {
                        due,
                        deferred: None,
                        jobs: jobs.unwrap_or(1).max(1),
                    },
                );
                self.order.push_front(company);
            }
        }
    }

    /// The next company ready at `now`, moved to the back; `None` when none is ready (the
    /// tests' view of one slot of `deal`).
    #[cfg(test)]
    fn pick(&mut self, now: Instant) -> Option<i64> {
        self.pick_if(now, |_, _| true)
    }

    /// The next company ready at `now` for which `wanted(company, its jobs)`, moved to the
    /// back.
    fn pick_if(&mut self, now: Instant, wanted: impl Fn(i64, usize) -> bool) -> Option<i64> {
        for _ in 0..self.order.len() {
            let company = self.order.pop_front()?;
            self.order.push_back(company);
            let entry = &self.entries[&company];
            if entry.ready_at() <= now && wanted(company, entry.jobs) {
                self.picks_since_refresh += 1;
                return Some(company);
            }
        }
        None
    }

    /// The next `slots` job slots at `now`, dealt one at a time to the ready companies in
    /// turn, as `(company, slots)` in serving order: with more companies than slots, each gets
    /// one; with fewer, the slots go round again, but no company gets more slots than the
    /// jobs it is believed to have. Empty when none is ready.
    pub fn deal(&mut self, now: Instant, slots: usize) -> Vec<(i64, i32)> {
        self.offer_due(now);
        let mut dealt: Vec<(i64, i32)> = Vec::new();
        for _ in 0..slots {
            let given = |company: i64| {
                dealt
                    .iter()
                    .find(|(c, _)| *c == company)
                    .map_or(0, |(_, n)| *n as usize)
            };
            let Some(company) = self.pick_if(now, |company, jobs| given(company) < jobs) else {
                break;
            };
            match dealt.iter_mut().find(|(c, _)| *c == company) {
                Some((_, n)) => *n += 1,
                None => dealt.push((company, 1)),
            }
        }
        for &(company, n) in &dealt {
            *self.claiming.entry(company).or_default() += n as usize;
            if let Some(overlap) = &mut self.overlap {
                *overlap.entry(company).or_default() += n as usize;
            }
        }
        dealt
    }

    /// The claims for `dealt` (a `deal`'s answer) have committed or failed.
    pub fn settled(&mut self, dealt: &[(i64, i32)]) {
        for &(company, n) in dealt {
            if let Some(slots) = self.claiming.get_mut(&company) {
                *slots = slots.saturating_sub(n as usize);
                if *slots == 0 {
                    self.claiming.remove(&company);
                }
            }
        }
    }

    /// A refresh starts reading PostgreSQL: claims under way from now on may be in its
    /// snapshot.
    pub fn refresh_begins(&mut self) {
        self.overlap = Some(self.claiming.clone());
    }

    /// The refresh that began failed.
    pub fn refresh_failed(&mut self) {
        self.overlap = None;
    }

    /// `n` of `company`'s jobs were claimed: out of the ring when none is believed left.
    pub fn taken(&mut self, company: i64, n: usize) {
        let Some(entry) = self.entries.get_mut(&company) else {
            return;
        };
        entry.jobs = entry.jobs.saturating_sub(n);
        if entry.jobs == 0 {
            self.remove(company);
        }
    }

    /// The limiter said "not before `until`" for `company`.
    pub fn defer(&mut self, company: i64, until: Instant) {
        if let Some(entry) = self.entries.get_mut(&company) {
            entry.deferred = Some(until);
        }
    }

    /// `company` had nothing due after all (another instance took it, or its jobs wait for
    /// a retry): out until a refresh or a wake-up brings it back.
    pub fn remove(&mut self, company: i64) {
        if self.entries.remove(&company).is_some() {
            self.order.retain(|c| *c != company);
        }
    }

    /// Whether every company was served once since the last refresh: time to look for
    /// companies that got work without a wake-up.
    pub fn cycle_done(&self) -> bool {
        self.picks_since_refresh >= self.order.len().max(1)
    }

    /// Takes the companies read from PostgreSQL, each with the time its earliest job is due
    /// and its number of due jobs. A claim under way while the refresh read may have had its
    /// jobs counted as waiting: they are taken off the count (measured in `bench fleet`
    /// before this: 2 600 permits asked for jobs already claimed, a tenth of all), and a
    /// company whose due jobs may all be such is left as it was, for the next refresh.
    pub fn refreshed(&mut self, waiting: impl IntoIterator<Item = (i64, Instant, usize)>) {
        let overlap = self.overlap.take().unwrap_or_default();
        for (company, due, jobs) in waiting {
            let claiming = overlap.get(&company).copied().unwrap_or(0);
            if jobs > 0 && jobs <= claiming {
                continue;
            }
            self.offer_jobs(company, due, Some(jobs.saturating_sub(claiming)));
        }
        self.picks_since_refresh = 0;
    }

    /// When the earliest company becomes ready, if any has work (or a job offered for later
    /// becomes due).
    pub fn next_ready(&self) -> Option<Instant> {
        let later = self.later.peek().map(|Reverse((due, _))| *due);
        self.entries
            .values()
            .map(Entry::ready_at)
            .chain(later)
            .min()
    }

    /// How long until `next_ready`, from `now` (zero when one is ready).
    pub fn wait_from(&self, now: Instant) -> Option<Duration> {
        self.next_ready()
            .map(|at| at.saturating_duration_since(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refresh_does_not_count_again_the_jobs_of_claims_under_way_while_it_read() {
        let now = Instant::now();
        let mut ring = Ring::new();
        ring.refreshed([(1, now, 3), (2, now, 2)]);
        let first = ring.deal(now, 2);
        assert_eq!(first, [(2, 1), (1, 1)]);
        ring.refresh_begins();
        let second = ring.deal(now, 1);
        assert_eq!(second, [(2, 1)]);
        ring.taken(2, 1);
        ring.settled(&first);
        ring.taken(2, 1);
        ring.taken(1, 1);
        ring.settled(&second);
        // The snapshot saw every job still waiting: company 1's 3 and company 2's 2.
        ring.refreshed([(1, now, 3), (2, now, 2)]);
        assert_eq!(
            ring.deal(now, 5),
            [(1, 2)],
            "company 1 has 2 left; company 2's were all being claimed"
        );
        ring.settled(&[(1, 2)]);
        ring.refreshed([(1, now, 2), (3, now, 0)]);
        assert_eq!(ring.len(), 2, "nothing under way: counts as read");
    }

    #[test]
    fn a_job_due_later_makes_its_company_ready_then_without_delaying_work_due_now() {
        let now = Instant::now();
        let mut ring = Ring::new();
        ring.offer_later(1, now + Duration::from_millis(50));
        assert_eq!(ring.wait_from(now), Some(Duration::from_millis(50)));
        assert!(ring.deal(now, 1).is_empty(), "not before it is due");
        assert_eq!(ring.deal(now + Duration::from_millis(50), 1), [(1, 1)]);
        ring.offer(2, now);
        ring.offer_later(2, now + Duration::from_secs(1));
        assert_eq!(
            ring.deal(now, 5),
            [(2, 1)],
            "only company 2's first job is due now"
        );
    }

    #[test]
    fn slots_are_dealt_one_per_company_in_turn() {
        let now = Instant::now();
        let mut ring = Ring::new();
        ring.refreshed([(1, now, 9), (2, now, 9), (3, now, 9)]);
        assert_eq!(ring.deal(now, 2), [(3, 1), (2, 1)]);
        assert_eq!(ring.deal(now, 5), [(1, 2), (3, 2), (2, 1)]);
        ring.defer(1, now + Duration::from_secs(1));
        assert_eq!(ring.deal(now, 3), [(2, 2), (3, 1)]);
        assert!(Ring::new().deal(now, 4).is_empty());
    }

    #[test]
    fn a_company_gets_no_more_slots_than_its_jobs_and_leaves_when_they_are_taken() {
        let now = Instant::now();
        let mut ring = Ring::new();
        ring.refreshed([(1, now, 2), (2, now, 9)]);
        assert_eq!(ring.deal(now, 6), [(2, 4), (1, 2)]);
        ring.taken(1, 2);
        assert_eq!(ring.len(), 1, "company 1 has no job left");
        ring.offer(1, now);
        assert_eq!(
            ring.deal(now, 3),
            [(1, 1), (2, 2)],
            "a wake-up is one more job"
        );
    }

    #[test]
    fn companies_are_served_in_turn() {
        let now = Instant::now();
        let mut ring = Ring::new();
        ring.refreshed([(1, now, 9), (2, now, 9), (3, now, 9)]);
        let picks: Vec<_> = (0..6).filter_map(|_| ring.pick(now)).collect();
        assert_eq!(picks, [3, 2, 1, 3, 2, 1]);
    }

    #[test]
    fn a_newcomer_is_served_next_whatever_the_backlog_of_the_others() {
        let now = Instant::now();
        let mut ring = Ring::new();
        ring.offer(1, now);
        assert_eq!(ring.pick(now), Some(1));
        assert_eq!(ring.pick(now), Some(1));
        ring.offer(2, now);
        assert_eq!(ring.pick(now), Some(2));
        assert_eq!(ring.pick(now), Some(1));
    }

    #[test]
    fn a_deferred_company_is_skipped_until_its_window_frees_even_after_a_refresh() {
        let now = Instant::now();
        let later = now + Duration::from_secs(5);
        let mut ring = Ring::new();
        ring.refreshed([(1, now, 9), (2, now, 9)]);
        ring.defer(2, later);
        ring.refreshed([(1, now, 9), (2, now, 9)]);
        assert_eq!(ring.pick(now), Some(1));
        assert_eq!(ring.pick(now), Some(1));
        assert_eq!(ring.wait_from(now), Some(Duration::ZERO));
        ring.remove(1);
        assert_eq!(ring.pick(now), None);
        assert_eq!(ring.wait_from(now), Some(Duration::from_secs(5)));
        assert_eq!(ring.pick(later), Some(2));
    }

    #[test]
    fn jobs_due_later_wait_and_a_cycle_ends_after_each_company_was_served() {
        let now = Instant::now();
        let mut ring = Ring::new();
        ring.refreshed([(1, now + Duration::from_secs(10), 9), (2, now, 9)]);
        assert!(!ring.cycle_done());
        assert_eq!(ring.pick(now), Some(2));
        assert!(!ring.cycle_done());
        assert_eq!(ring.pick(now), Some(2));
        assert!(ring.cycle_done());
        ring.remove(2);
        assert_eq!(ring.pick(now), None);
        assert_eq!(ring.next_ready(), Some(now + Duration::from_secs(10)));
    }
}
