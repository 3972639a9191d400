//! The paging state machine. It decides which offsets to request, advances by the
//! elements each page held (customers, sales, vouchers, orders, or price ROWS), reads
//! `resultSetLength` as the endpoint means it, and stops with a `pagination` error instead
//! of looping or losing records when the server breaks the contract. The wasm layer only
//! performs the fetches it asks for.

use super::call::Call;
use super::decode::Decoded;
use super::endpoint::TotalMeaning;
use super::error::{Error, Kind, Result};
use super::retry::Outcome;
use std::collections::VecDeque;

/// How many recent pages a pager remembers to notice one served twice.
pub const REMEMBERED_PAGES: usize = 1024;

/// Where a paginator stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// More pages can be requested.
    Running,
    /// The last page was delivered.
    Done,
    /// A page failed; the error told where to resume.
    Failed,
}

/// What a delivered page tells the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageInfo {
    /// The offset the page was requested with (`None` in an incremental export).
    pub start: Option<u64>,
    /// The offset of the next page, or `None` when there is none (or in an incremental
    /// export, whose position the server keeps).
    pub next_start: Option<u64>,
    /// `moreRows` (or what the page implies when the server left it out).
    pub more_rows: bool,
    /// The extraction's total, where the endpoint reports one.
    pub total: Option<u64>,
}

/// The paging state of one paginator.
#[derive(Clone, Debug)]
pub struct Pager {
    page_size: u64,
    meaning: TotalMeaning,
    incremental: bool,
    next: u64,
    delivered: u64,
    total: Option<u64>,
    state: State,
    sequential: bool,
    /// Fingerprints of the last [`REMEMBERED_PAGES`] pages, to notice a page served twice
    /// (bounded, so that memory stays flat however long the export).
    seen: VecDeque<u64>,
    /// An error found on a page that was still delivered (its elements are good): reported
    /// by the next call.
    pending: Option<Error>,
}

impl Pager {
    /// A pager for `call`, starting at its `start`.
    pub fn new(call: &Call) -> Self {
        Pager {
            page_size: call.endpoint.page_size,
            meaning: call.endpoint.total,
            incremental: call.incremental,
            next: call.start,
            delivered: 0,
            total: None,
            state: State::Running,
            sequential: false,
            seen: VecDeque::new(),
            pending: None,
        }
    }

    /// The current state.
    pub fn state(&self) -> State {
        self.state
    }

    /// The offset of the next page to deliver (the resume point).
    pub fn position(&self) -> u64 {
        self.next
    }

    /// Stops a running pager (the caller closed it); it delivers nothing more.
    pub fn stop(&mut self) {
        if self.state == State::Running {
            self.state = State::Done;
        }
    }

    /// Whether requests send `start` (not in an incremental export).
    pub fn sends_start(&self) -> bool {
        !self.incremental
    }

    /// An error to report before anything else: the extraction ended with fewer elements
    /// than announced (the last page itself was delivered).
    pub fn take_pending(&mut self) -> Option<Error> {
        let e = self.pending.take()?;
        self.state = State::Failed;
        Some(e)
    }

    /// The offsets to have in flight now, the next one first: just the next page, or, once
    /// a complete extraction's total is known, up to `concurrency` pages ahead.
    pub fn ahead(&self, concurrency: u64) -> Vec<u64> {
        if self.state != State::Running || self.pending.is_some() {
            return Vec::new();
        }
        let parallel = concurrency > 1
            && !self.incremental
            && !self.sequential
            && self.meaning == TotalMeaning::Extraction;
        match (parallel, self.total) {
            (true, Some(total)) => {
                let mut out = vec![self.next];
                let mut s = self.next + self.page_size;
                while (out.len() as u64) < concurrency && s < total {
                    out.push(s);
                    s += self.page_size;
                }
                out
            }
            _ => vec![self.next],
        }
    }

    /// Whether an attempt that ended with `outcome` may be sent again. In an incremental
    /// export the server advances its cursor when it answers, so only answers that say the
    /// request was not processed (429, 503) are retried.
    pub fn may_retry(&self, outcome: Outcome) -> bool {
        !self.incremental || matches!(outcome, Outcome::Status(429 | 503))
    }

    /// Marks the pager failed and adds the resume point and, for incremental exports, the
    /// warning that the lost page cannot be asked for again.
    pub fn fail(&mut self, error: Error) -> Error {
        self.state = State::Failed;
        if self.incremental {
            let mut e = error;
            e.start = None;
            e.message.push_str(
                " This was an incremental export (completeExtraction: false): the server may \
                 already count the lost page as delivered, so it cannot be asked for again. Run \
                 a complete extraction (completeExtraction: true) to be sure nothing is missing.",
            );
            e
        } else {
            error.with_start(Some(self.next))
        }
    }

    fn broken(&mut self, message: String) -> Error {
        self.fail(Error::new(Kind::Pagination, message))
    }

    /// Takes the page requested at `start` (the next position) and advances.
    pub fn accept(&mut self, start: u64, page: &Decoded) -> Result<PageInfo> {
        if self.state != State::Running {
            return Err(Error::new(
                Kind::Pagination,
                "the paginator has already finished",
            ));
        }
        if start != self.next {
            return Err(self.broken(format!(
                "internal paging error: got the page at {start} while expecting {}",
                self.next
            )));
        }
        let n = page.elements;
        let more = page.more_rows.unwrap_or(n > 0 && n >= self.page_size);
        if self.meaning == TotalMeaning::Extraction {
            if let Some(t) = page.result_set_length {
                self.total = Some(t);
            }
        }
        if more && n == 0 {
            return Err(self.broken(format!(
                "the server said moreRows: true but sent no elements at start {start}, so \
                 paging cannot advance"
            )));
        }
        if n > 0 && self.seen.contains(&page.fingerprint) {
            return Err(self.broken(format!(
                "the page at start {start} repeats a page already delivered (the server seems \
                 to ignore `start`); stopped instead of delivering duplicates"
            )));
        }
        if n > 0 {
            self.seen.push_back(page.fingerprint);
            if self.seen.len() > REMEMBERED_PAGES {
                self.seen.pop_front();
            }
        }
        let records = (page.item_count + page.invalid.len()) as u64;
        if let (TotalMeaning::PageLength, Some(len)) = (self.meaning, page.result_set_length) {
            if len != records {
                return Err(self.broken(format!(
                    "the page at start {start} holds {records} elements but its resultSetLength \
                     says {len}"
                )));
            }
        }
        let end = start + n;
        if let (Some(total), false) = (self.total, self.incremental) {
            if end > total {
                return Err(self.broken(format!(
                    "the server sent elements up to {end}, more than the {total} that \
                     resultSetLength announced"
                )));
            }
            if !more && end != total {
                // The page's elements are good: deliver them, then report the shortfall
                // with the position after them as the resume point.
                self.next = end;
                let e = self.broken(format!(
                    "the extraction ended after element {end} but resultSetLength announced \
                     {total}: {} elements are missing",
                    total - end
                ));
                self.state = State::Running;
                self.pending = Some(e);
                return Ok(PageInfo {
                    start: Some(start),
                    next_start: None,
                    more_rows: false,
                    total: self.total,
                });
            }
        }
        if more && n < self.page_size {
            // A short page before the end: offsets planned ahead are wrong, go one by one.
            self.sequential = true;
        }
        self.next = end;
        self.delivered += n;
        if !more {
            self.state = State::Done;
        }
        Ok(PageInfo {
            start: (!self.incremental).then_some(start),
            next_start: (more && !self.incremental).then_some(end),
            more_rows: more,
            total: self.total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::endpoint::{Endpoint, CUSTOMERS, DIGITAL_ORDERS, PRICES};

    fn pager(ep: &'static Endpoint, start: u64) -> Pager {
        let mut call = Call::from_json(ep, "{}").unwrap_or_else(|_| {
            Call::from_json(ep, r#"{"fromDateTime":"2020-01-01 00:00:00"}"#).unwrap()
        });
        call.start = start;
        Pager::new(&call)
    }

    fn page(elements: u64, more: Option<bool>, total: Option<u64>, fp: u64) -> Decoded {
        Decoded {
            elements,
            more_rows: more,
            result_set_length: total,
            fingerprint: fp,
            ..Decoded::default()
        }
    }

    #[test]
    fn customers_137_in_7_pages() {
        let mut p = pager(&CUSTOMERS, 0);
        let mut starts = Vec::new();
        while p.state() == State::Running {
            let s = p.position();
            starts.push(s);
            let n = (137 - s).min(20);
            let info = p
                .accept(s, &page(n, Some(s + n < 137), Some(137), s))
                .unwrap();
            assert_eq!(info.total, Some(137));
            assert_eq!(info.start, Some(s));
        }
        assert_eq!(starts, vec![0, 20, 40, 60, 80, 100, 120]);
        assert_eq!(p.state(), State::Done);
        assert_eq!(p.ahead(4), Vec::<u64>::new());
    }

    fn records(n: u64, more: Option<bool>, len: Option<u64>, fp: u64) -> Decoded {
        Decoded {
            item_count: n as usize,
            ..page(n, more, len, fp)
        }
    }

    #[test]
    fn documents_api_total_is_unknown() {
        let mut p = pager(&DIGITAL_ORDERS, 0);
        let info = p.accept(0, &records(20, Some(true), Some(20), 1)).unwrap();
        assert_eq!(info.total, None);
        assert_eq!(info.next_start, Some(20));
        assert_eq!(p.ahead(4), vec![20], "no prefetch without a total");
        let info = p.accept(20, &records(1, Some(false), Some(1), 2)).unwrap();
        assert_eq!((info.next_start, info.more_rows), (None, false));
    }

    #[test]
    fn documents_api_page_length_must_match() {
        let mut p = pager(&DIGITAL_ORDERS, 0);
        let e = p
            .accept(0, &records(20, Some(true), Some(25), 1))
            .unwrap_err();
        assert_eq!((e.kind, e.start), (Kind::Pagination, Some(0)));
        assert!(
            e.message.contains("resultSetLength says 25"),
            "{}",
            e.message
        );
    }

    #[test]
    fn prices_advance_by_rows() {
        let mut p = pager(&PRICES, 0);
        let info = p.accept(0, &page(20, Some(true), Some(72), 1)).unwrap();
        assert_eq!(info.next_start, Some(20));
        assert_eq!(p.ahead(4), vec![20, 40, 60]);
    }

    #[test]
    fn guards() {
        // moreRows with nothing.
        let mut p = pager(&CUSTOMERS, 40);
        let e = p
            .accept(40, &page(0, Some(true), Some(137), 1))
            .unwrap_err();
        assert_eq!((e.kind, e.start), (Kind::Pagination, Some(40)));
        assert_eq!(p.state(), State::Failed);
        // A repeated page.
        let mut p = pager(&CUSTOMERS, 0);
        p.accept(0, &page(20, Some(true), Some(137), 7)).unwrap();
        let e = p
            .accept(20, &page(20, Some(true), Some(137), 7))
            .unwrap_err();
        assert!(e.message.contains("repeats a page already delivered"));
        // Any earlier page, not only the previous one.
        let mut p = pager(&CUSTOMERS, 0);
        p.accept(0, &page(20, Some(true), Some(137), 1)).unwrap();
        p.accept(20, &page(20, Some(true), Some(137), 2)).unwrap();
        assert!(p.accept(40, &page(20, Some(true), Some(137), 1)).is_err());
        // Memory stays bounded: only the last REMEMBERED_PAGES pages are kept.
        let mut p = pager(&CUSTOMERS, 0);
        let n = REMEMBERED_PAGES as u64 + 10;
        for i in 0..n {
            p.accept(i * 20, &page(20, Some(true), Some(n * 20 + 20), i))
                .unwrap();
        }
        assert_eq!(p.seen.len(), REMEMBERED_PAGES);
        assert!(p
            .accept(n * 20, &page(20, Some(true), None, n - 1))
            .is_err());
        assert_eq!(e.start, Some(20));
        // Ends short of the total: the last page is delivered, then the error reported.
        let mut p = pager(&CUSTOMERS, 120);
        let info = p.accept(120, &page(12, Some(false), Some(137), 1)).unwrap();
        assert_eq!(info.next_start, None);
        assert_eq!(p.ahead(4), Vec::<u64>::new());
        let e = p.take_pending().expect("the shortfall is reported next");
        assert_eq!(p.state(), State::Failed);
        assert!(
            e.message.contains("5 elements are missing"),
            "{}",
            e.message
        );
        assert_eq!(e.start, Some(132));
        // More than announced.
        let mut p = pager(&CUSTOMERS, 0);
        let e = p.accept(0, &page(20, Some(true), Some(10), 1)).unwrap_err();
        assert!(e.message.contains("more than the 10"));
        // Out of order.
        let mut p = pager(&CUSTOMERS, 0);
        assert!(p.accept(20, &page(20, Some(true), Some(137), 1)).is_err());
    }

    #[test]
    fn a_short_page_switches_to_sequential() {
        let mut p = pager(&CUSTOMERS, 0);
        p.accept(0, &page(20, Some(true), Some(100), 1)).unwrap();
        assert_eq!(p.ahead(3), vec![20, 40, 60]);
        let info = p.accept(20, &page(15, Some(true), Some(100), 2)).unwrap();
        assert_eq!(info.next_start, Some(35));
        assert_eq!(p.ahead(3), vec![35]);
    }

    #[test]
    fn missing_more_rows_is_inferred_from_a_full_page() {
        let mut p = pager(&DIGITAL_ORDERS, 0);
        assert!(p.accept(0, &page(20, None, None, 1)).unwrap().more_rows);
        assert!(!p.accept(20, &page(3, None, None, 2)).unwrap().more_rows);
    }

    #[test]
    fn incremental_exports() {
        let call =
            Call::from_json(&CUSTOMERS, r#"{"completeExtraction":false,"system":"ERP"}"#).unwrap();
        let mut p = Pager::new(&call);
        assert!(!p.sends_start());
        assert!(p.may_retry(Outcome::Status(429)));
        assert!(!p.may_retry(Outcome::Timeout));
        assert!(!p.may_retry(Outcome::Status(500)));
        let info = p.accept(0, &page(20, Some(true), Some(46), 1)).unwrap();
        assert_eq!((info.start, info.next_start), (None, None));
        assert_eq!(p.ahead(4), vec![20], "never in parallel");
        let e = p.fail(Error::new(Kind::Network, "connection reset."));
        assert!(e.message.contains("cannot be asked for again"));
        assert!(e.message.contains("completeExtraction: true"));
        assert_eq!(e.start, None);
    }

    #[test]
    fn complete_extractions_retry_everything_retryable() {
        let p = pager(&CUSTOMERS, 0);
        assert!(p.may_retry(Outcome::Timeout));
        assert!(p.may_retry(Outcome::Status(500)));
    }

    /// Property: for any sequence of page sizes the server may send, the pager either
    /// delivers every element exactly once and stops, or stops with a pagination error.
    #[test]
    fn never_loops_or_skips() {
        let mut seed: u64 = 42;
        let mut rnd = |m: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % m
        };
        for _ in 0..500 {
            let total = rnd(200);
            let mut p = pager(&CUSTOMERS, 0);
            let mut delivered = 0;
            let mut steps = 0;
            while p.state() == State::Running {
                steps += 1;
                assert!(steps < 1000);
                let s = p.position();
                let n = rnd(21).min(total.saturating_sub(s) + rnd(2));
                let more = rnd(5) > 0 && s + n < total + rnd(2);
                match p.accept(s, &page(n, Some(more), Some(total), rnd(1 << 40))) {
                    Ok(_) => {
                        delivered += n;
                        if let Some(e) = p.take_pending() {
                            assert_eq!(e.kind, Kind::Pagination);
                            assert_eq!(e.start, Some(delivered));
                        }
                    }
                    Err(e) => {
                        assert_eq!(e.kind, Kind::Pagination);
                        assert_eq!(e.start, Some(p.position()));
                    }
                }
            }
            if p.state() == State::Done {
                assert_eq!(delivered, total);
            }
        }
    }
}
