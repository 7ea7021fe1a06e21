//! Counting arrivals per window, as the receiver would: for every arrival `t`, the half-open
//! window `[t, t + window)`.

use std::time::Duration;

/// What the arrivals look like against one limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowCount {
    /// Most arrivals in any window `[t, t + window)` starting at an arrival.
    pub max_in_any_window: usize,
    /// Windows (one starting at each arrival) holding more than the limit.
    pub windows_over_limit: usize,
}

/// Counts `arrivals` (offsets from any common origin) in windows of `window`.
pub fn count(arrivals: &[Duration], window: Duration, limit: usize) -> WindowCount {
    let mut sorted = arrivals.to_vec();
    sorted.sort();
    let mut end = 0;
    let (mut max, mut over) = (0, 0);
    for (start, t) in sorted.iter().enumerate() {
        end = end.max(start);
        while end < sorted.len() && sorted[end] < *t + window {
            end += 1;
        }
        let inside = end - start;
        max = max.max(inside);
        over += usize::from(inside > limit);
    }
    WindowCount {
        max_in_any_window: max,
        windows_over_limit: over,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(values: &[u64]) -> Vec<Duration> {
        values.iter().map(|v| Duration::from_millis(*v)).collect()
    }

    #[test]
    fn the_window_is_half_open() {
        let c = count(&ms(&[0, 500, 1000]), Duration::from_millis(1000), 2);
        assert_eq!(c.max_in_any_window, 2);
        assert_eq!(c.windows_over_limit, 0);
    }

    #[test]
    fn every_window_over_the_limit_is_counted() {
        let c = count(
            &ms(&[900, 0, 100, 999, 1500]),
            Duration::from_millis(1000),
            3,
        );
        assert_eq!(c.max_in_any_window, 4);
        assert_eq!(c.windows_over_limit, 1);
    }

    #[test]
    fn no_arrivals_means_empty_windows() {
        let c = count(&[], Duration::from_millis(1000), 3);
        assert_eq!(c.max_in_any_window, 0);
    }
}
