//! The proxy's per-caller rate limit in one process (`rateLimit: { maxCalls, perMs }`): one
//! [`Window`] per caller key. Forgetting idle callers costs a scan of the table, done only
//! when the table has doubled since the last scan, so a new caller costs the same on
//! average whether 10 or 20,000 callers are tracked.

use super::options::RateLimit;
use super::rate_limit::Window;
use std::collections::HashMap;

/// The size below which the table is never scanned.
const FIRST_SCAN: usize = 1024;

/// Windows per caller key.
#[derive(Debug)]
pub struct Keyed {
    limit: RateLimit,
    windows: HashMap<String, Window>,
    scan_at: usize,
}

impl Keyed {
    /// An empty table for `limit`.
    pub fn new(limit: RateLimit) -> Self {
        Keyed {
            limit,
            windows: HashMap::new(),
            scan_at: FIRST_SCAN,
        }
    }

    /// Starts a call of `key` at `now` if its window has room: `0.0`; otherwise how many
    /// milliseconds to wait.
    pub fn take(&mut self, key: &str, now: f64) -> f64 {
        if !self.windows.contains_key(key) && self.windows.len() >= self.scan_at {
            self.windows.retain(|_, w| !w.is_idle(now));
            self.scan_at = (self.windows.len() * 2).max(FIRST_SCAN);
        }
        let window = match self.windows.get_mut(key) {
            Some(w) => w,
            None => self
                .windows
                .entry(key.to_owned())
                .or_insert_with(|| Window::new(self.limit)),
        };
        // The proxy counts a call when it arrives: its place frees `perMs` later.
        match window.try_start(now) {
            Ok(ticket) => {
                window.finish(ticket, now);
                0.0
            }
            Err(wait) => wait.max(1.0),
        }
    }

    /// How many callers are tracked.
    pub fn len(&self) -> usize {
        self.windows.len()
    }

    /// Whether no caller is tracked.
    pub fn is_empty(&self) -> bool {
        self.windows.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyed(max_calls: u64, per_ms: u64) -> Keyed {
        Keyed::new(RateLimit { max_calls, per_ms })
    }

    #[test]
    fn each_key_has_its_own_window() {
        let mut k = keyed(2, 1000);
        assert_eq!(k.take("a", 0.0), 0.0);
        assert_eq!(k.take("a", 1.0), 0.0);
        assert!(k.take("a", 2.0) > 900.0);
        assert_eq!(k.take("b", 2.0), 0.0);
        assert_eq!(k.take("a", 1011.0), 0.0);
    }

    /// Issue 18 item 19: rotating addresses do not make the table grow without end, and
    /// the scans stay rare (amortised constant cost per new caller).
    #[test]
    fn idle_callers_are_forgotten_in_rare_scans() {
        let mut k = keyed(1, 100);
        let mut scans = 0;
        let mut last_len = 0;
        for i in 0..50_000u32 {
            let now = f64::from(i) / 10.0; // 10 new callers per ms
            assert_eq!(k.take(&format!("ip-{i}"), now), 0.0);
            if k.len() < last_len {
                scans += 1;
            }
            last_len = k.len();
        }
        assert!(k.len() < 4 * FIRST_SCAN, "{}", k.len());
        assert!(scans < 100, "{scans} scans for 50,000 callers");
        // 20,000 live callers: the table keeps them all, with a handful of scans.
        let mut k = keyed(5, 60_000);
        for i in 0..20_000u32 {
            k.take(&format!("ip-{i}"), f64::from(i));
        }
        assert_eq!(k.len(), 20_000);
        assert!(k.scan_at >= 20_000);
    }
}
