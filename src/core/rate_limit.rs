//! The client-side rate limit, as arithmetic: a sliding window of the start times of the
//! last `maxCalls` calls. A call reserves the earliest time at which it may start such
//! that no window of `perMs` holds more than `maxCalls` starts; the caller waits until
//! then. Reservations are made in call order, so parallel pages share one budget.

use super::options::RateLimit;
use std::collections::VecDeque;

/// The window of one client.
#[derive(Clone, Debug)]
pub struct Window {
    limit: RateLimit,
    starts: VecDeque<f64>,
}

impl Window {
    /// An empty window.
    pub fn new(limit: RateLimit) -> Self {
        Window {
            limit,
            starts: VecDeque::new(),
        }
    }

    /// Reserves a start for a call made at `now`; returns how long to wait before starting.
    pub fn reserve(&mut self, now: f64) -> f64 {
        let max = self.limit.max_calls.max(1) as usize;
        let per = self.limit.per_ms as f64;
        let mut at = now;
        if self.starts.len() >= max {
            if let Some(&oldest_in_window) = self.starts.get(self.starts.len() - max) {
                at = at.max(oldest_in_window + per);
            }
        }
        if let Some(&last) = self.starts.back() {
            at = at.max(last);
        }
        self.starts.push_back(at);
        while self.starts.len() > max {
            self.starts.pop_front();
        }
        at - now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(max_calls: u64, per_ms: u64) -> Window {
        Window::new(RateLimit { max_calls, per_ms })
    }

    #[test]
    fn first_calls_go_at_once_then_wait_for_the_window() {
        let mut w = window(3, 1000);
        let waits: Vec<f64> = (0..7).map(|_| w.reserve(0.0)).collect();
        assert_eq!(waits, vec![0.0, 0.0, 0.0, 1000.0, 1000.0, 1000.0, 2000.0]);
    }

    #[test]
    fn spaced_calls_do_not_wait() {
        let mut w = window(2, 100);
        for i in 0..10 {
            assert_eq!(w.reserve(f64::from(i) * 60.0), 0.0);
        }
    }

    /// Property: whatever the arrival times, no window of `per` holds more than `max` starts.
    #[test]
    fn no_window_holds_more_than_max_calls() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..200 {
            let max = next() % 5 + 1;
            let per = (next() % 500 + 1) as f64;
            let mut w = window(max, per as u64);
            let mut now = 0.0;
            let mut starts = Vec::new();
            for _ in 0..60 {
                now += (next() % 200) as f64;
                starts.push(now + w.reserve(now));
            }
            starts.sort_by(f64::total_cmp);
            for (i, &s) in starts.iter().enumerate() {
                let in_window = starts[i..].iter().take_while(|&&t| t < s + per).count();
                assert!(in_window as u64 <= max, "max {max} per {per}: {starts:?}");
            }
        }
    }
}
