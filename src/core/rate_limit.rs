//! The client-side rate limit, as arithmetic: a sliding window over the calls of one client
//! (all its paginators share it). A call may start when the window has room; otherwise it
//! learns how long to wait and asks again.
//!
//! A server counts a call when it arrives, which is some time after `fetch` is called (in a
//! fresh Node process the first call arrives about 30 ms later: Node loads and compiles its
//! HTTP client then) and no later than the answer. So a call holds its place in the window
//! from the moment `fetch` is called until [`Window::finish`] is told its answer (or its
//! failure) came, and for `perMs` after that: no window of `perMs` at the server can then
//! hold more than `maxCalls` arrivals, whatever the transport's delays.

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

/// How much later than the window's edge a call starts: timers and clocks jitter, so
/// cutting the window fine could still overrun it (1 % of the window, at least 1 ms).
pub fn margin(per_ms: u64) -> f64 {
    (per_ms as f64 / 100.0).max(1.0)
}

/// One call's place in the window.
#[derive(Clone, Copy, Debug)]
struct Slot {
    /// Its ticket (see [`Window::try_start`]).
    ticket: u64,
    /// When it started, or, once finished, when its answer came.
    at: f64,
    /// Whether its answer came.
    finished: bool,
}

/// The window of one client.
#[derive(Clone, Debug)]
pub struct Window {
    limit: RateLimit,
    slots: VecDeque<Slot>,
    next_ticket: u64,
}

impl Window {
    /// An empty window.
    pub fn new(limit: RateLimit) -> Self {
        Window {
            limit,
            slots: VecDeque::new(),
            next_ticket: 0,
        }
    }

    /// How long the window holds a place after its call's answer.
    fn hold(&self) -> f64 {
        self.limit.per_ms as f64 + margin(self.limit.per_ms)
    }

    /// Starts a call at `now` if the window has room: returns its ticket, to hand to
    /// [`Window::finish`] when its answer comes. Otherwise returns how long to wait (in
    /// ms, more than 0) before asking again.
    pub fn try_start(&mut self, now: f64) -> Result<u64, f64> {
        let hold = self.hold();
        self.slots.retain(|s| !s.finished || s.at + hold > now);
        let max = self.limit.max_calls.max(1) as usize;
        if self.slots.len() >= max {
            // A place is only taken while fewer than `max` are held, so `max` are held now:
            // the first to free is the call to wait for. A call still waiting for its answer
            // may reach the server as late as now.
            let free = self
                .slots
                .iter()
                .map(|s| if s.finished { s.at } else { s.at.max(now) } + hold)
                .fold(f64::INFINITY, f64::min);
            return Err((free - now).max(f64::MIN_POSITIVE));
        }
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.slots.push_back(Slot {
            ticket,
            at: now,
            finished: false,
        });
        Ok(ticket)
    }

    /// Whether no call in the window still counts at `now` (the window can be forgotten).
    pub fn is_idle(&self, now: f64) -> bool {
        let hold = self.hold();
        self.slots.iter().all(|s| s.finished && s.at + hold <= now)
    }

    /// Records that the answer (or the failure) of the call with `ticket` came at `now`:
    /// the server saw that call no later, so its place frees `perMs` after `now`.
    pub fn finish(&mut self, ticket: u64, now: f64) {
        if let Some(slot) = self.slots.iter_mut().find(|s| s.ticket == ticket) {
            slot.at = slot.at.max(now);
            slot.finished = true;
        }
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

    /// A call answered at once.
    fn instant(w: &mut Window, now: f64) -> Result<(), f64> {
        let ticket = w.try_start(now)?;
        w.finish(ticket, now);
        Ok(())
    }

    #[test]
    fn first_calls_go_at_once_then_wait_for_the_window() {
        let mut w = window(3, 1000);
        assert_eq!(instant(&mut w, 0.0), Ok(()));
        assert_eq!(instant(&mut w, 10.0), Ok(()));
        assert_eq!(instant(&mut w, 20.0), Ok(()));
        assert_eq!(instant(&mut w, 30.0), Err(980.0));
        assert_eq!(instant(&mut w, 1009.0), Err(1.0));
        assert_eq!(instant(&mut w, 1010.0), Ok(()));
        assert_eq!(instant(&mut w, 1010.0), Err(10.0));
    }

    #[test]
    fn spaced_calls_do_not_wait() {
        let mut w = window(2, 100);
        for i in 0..10 {
            assert_eq!(instant(&mut w, f64::from(i) * 60.0), Ok(()));
        }
    }

    #[test]
    fn a_call_holds_its_place_until_its_answer_came() {
        let mut w = window(1, 100);
        let first = w.try_start(0.0).unwrap();
        // unanswered: it may reach the server at any moment until its answer
        assert_eq!(w.try_start(150.0), Err(101.0));
        assert_eq!(w.try_start(400.0), Err(101.0));
        w.finish(first, 420.0);
        assert_eq!(w.try_start(421.0), Err(100.0));
        assert!(w.try_start(521.0).is_ok());
        // a finish for an unknown ticket changes nothing
        w.finish(99, 10_000.0);
        assert_eq!(w.try_start(522.0), Err(101.0));
    }

    /// Calls that reach the server some time after they start (up to `delay` ms) and are
    /// answered later still: the server never sees more than `max` arrivals in `per` ms.
    #[test]
    fn no_window_at_the_server_holds_more_than_max_calls() {
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
            let delay = next() % 60;
            let mut w = window(max, per);
            // (time, caller, ticket of an answer due then (u64::MAX: a call wants to start))
            let mut queue: BinaryHeap<Reverse<(u64, u64)>> = BinaryHeap::new();
            let mut t = 0;
            for _ in 0..40 {
                t += next() % 200;
                queue.push(Reverse((t, u64::MAX)));
            }
            let mut arrivals = Vec::new();
            while let Some(Reverse((at, ticket))) = queue.pop() {
                if ticket != u64::MAX {
                    w.finish(ticket, at as f64);
                    continue;
                }
                match w.try_start(at as f64) {
                    Ok(ticket) => {
                        let arrival = at + next() % (delay + 1);
                        arrivals.push(arrival);
                        queue.push(Reverse((arrival + next() % 50, ticket)));
                    }
                    Err(wait) => {
                        assert!(wait > 0.0);
                        let late = next() % 3;
                        queue.push(Reverse((at + wait.ceil() as u64 + late, u64::MAX)));
                    }
                }
            }
            assert_eq!(arrivals.len(), 40, "every caller eventually starts");
            arrivals.sort_unstable();
            for (i, &s) in arrivals.iter().enumerate() {
                let in_window = arrivals[i..].iter().take_while(|&&x| x < s + per).count();
                assert!(in_window as u64 <= max, "max {max} per {per}: {arrivals:?}");
            }
        }
    }
}
