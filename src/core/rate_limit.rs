//! The client-side rate limit, as arithmetic: a sliding window of the start times of the
//! last `maxCalls` calls. A call may start when the window has room; otherwise it learns
//! how long to wait and asks again. Starts are recorded when they happen (not when
//! planned), so that no window of `perMs` ever holds more than `maxCalls` actual starts,
//! however late a waiting caller wakes up. All the paginators of one client share it.

use super::options::{ClientConfig, RateLimit};
use super::request::encode_component;
use std::collections::VecDeque;

/// The key under which every client and proxy of one 4WS account consumes a shared
/// limiter (`rateLimit: limiter` of the client, `rateLimit.upstream` of the proxy): the
/// host of `baseUrl` (lower case, with its port), `companyId` and `username`, each
/// percent-encoded, so that two accounts never share a key and one account always does,
/// whatever the instance. The password is not part of it.
pub fn account_key(config: &ClientConfig) -> String {
    let after_scheme = config
        .base_url
        .split_once("://")
        .map_or(config.base_url.as_str(), |(_, rest)| rest);
    let host = after_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut key = String::from("4ws:");
    encode_component(&host, &mut key);
    key.push(':');
    encode_component(config.company_id.as_deref().unwrap_or(""), &mut key);
    key.push(':');
    encode_component(config.username.as_deref().unwrap_or(""), &mut key);
    key
}

/// How much later than the window's edge a call starts: a server counts arrivals, which
/// jitter after the moment `fetch` is called, so cutting the window fine could still
/// overrun it there (1 % of the window, at least 1 ms).
pub fn margin(per_ms: u64) -> f64 {
    (per_ms as f64 / 100.0).max(1.0)
}

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

    /// Whether no start in the window still counts at `now` (the window can be forgotten).
    pub fn is_idle(&self, now: f64) -> bool {
        self.starts
            .back()
            .is_none_or(|&last| now >= last + self.limit.per_ms as f64 + margin(self.limit.per_ms))
    }

    /// Starts a call at `now` if the window has room (and records it); otherwise returns
    /// how many milliseconds to wait before asking again.
    pub fn try_start(&mut self, now: f64) -> Result<(), f64> {
        let max = self.limit.max_calls.max(1) as usize;
        if self.starts.len() >= max {
            if let Some(&oldest) = self.starts.get(self.starts.len() - max) {
                let free_at = oldest + self.limit.per_ms as f64 + margin(self.limit.per_ms);
                if now < free_at {
                    return Err(free_at - now);
                }
            }
        }
        self.starts.push_back(now);
        while self.starts.len() > max {
            self.starts.pop_front();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    #[test]
    fn one_key_per_account() {
        let config = |json: &str| crate::core::options::ClientOptions::from_json(json).unwrap();
        let a = config(
            r#"{"baseUrl":"https://ACME.example:8443/x","applicationId":"A","username":"u:1",
                "password":"secret","companyId":"C"}"#,
        );
        assert_eq!(account_key(&a), "4ws:acme.example%3A8443:C:u%3A1");
        let b = config(
            r#"{"baseUrl":"https://acme.example:8443","applicationId":"B","username":"u:1",
                "password":"other","companyId":"C","siteId":"2"}"#,
        );
        assert_eq!(
            account_key(&a),
            account_key(&b),
            "same account, other app and site"
        );
        let c = config(r#"{"baseUrl":"http://acme.example","applicationId":"A"}"#);
        assert_eq!(account_key(&c), "4ws:acme.example::");
        assert!(!account_key(&a).contains("secret"));
    }

    fn window(max_calls: u64, per_ms: u64) -> Window {
        Window::new(RateLimit { max_calls, per_ms })
    }

    #[test]
    fn first_calls_go_at_once_then_wait_for_the_window() {
        let mut w = window(3, 1000);
        assert_eq!(w.try_start(0.0), Ok(()));
        assert_eq!(w.try_start(10.0), Ok(()));
        assert_eq!(w.try_start(20.0), Ok(()));
        // The window frees at 1000 ms, plus the 10 ms margin (1 % of the window).
        assert_eq!(w.try_start(30.0), Err(980.0));
        assert_eq!(w.try_start(1009.0), Err(1.0));
        assert_eq!(w.try_start(1010.0), Ok(()));
        assert_eq!(w.try_start(1010.0), Err(10.0));
    }

    #[test]
    fn spaced_calls_do_not_wait() {
        let mut w = window(2, 100);
        for i in 0..10 {
            assert_eq!(w.try_start(f64::from(i) * 60.0), Ok(()));
        }
    }

    /// Property: callers arriving at random times, each retrying after the wait it is
    /// told (and sometimes waking late), never put more than `max` starts in a window.
    #[test]
    fn no_window_holds_more_than_max_calls() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..200 {
            let max = next() % 5 + 1;
            let per = next() % 500 + 1;
            let mut w = window(max, per);
            let mut queue: BinaryHeap<Reverse<u64>> = BinaryHeap::new();
            let mut t = 0;
            for _ in 0..40 {
                t += next() % 200;
                queue.push(Reverse(t));
            }
            let mut starts = Vec::new();
            while let Some(Reverse(at)) = queue.pop() {
                match w.try_start(at as f64) {
                    Ok(()) => starts.push(at),
                    Err(wait) => {
                        assert!(wait > 0.0);
                        let late = next() % 3;
                        queue.push(Reverse(at + wait.ceil() as u64 + late));
                    }
                }
            }
            assert_eq!(starts.len(), 40, "every caller eventually starts");
            for (i, &s) in starts.iter().enumerate() {
                let in_window = starts[i..].iter().take_while(|&&x| x < s + per).count();
                assert!(in_window as u64 <= max, "max {max} per {per}: {starts:?}");
            }
        }
    }
}
