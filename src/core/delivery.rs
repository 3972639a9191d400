//! A paginator's delivery, end to end and without I/O: which pages to have in flight (and
//! when to cancel them), and turning what came back for a page into the page JSON handed
//! to JavaScript, or into the error that says where to resume. The wasm layer only
//! launches the fetches this asks for and passes their results back.

use super::cache;
use super::call::Call;
use super::decode::Shape;
use super::error::{Error, Result};
use super::page::page_json;
use super::pagination::{Pager, State};
use super::response;
use super::retry::Replay;
use super::secret::Secret;
use super::types::Stale;

/// What came back for one page request: the body of a 2xx answer and its `Content-Type`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fetched {
    /// The body's bytes.
    pub body: Vec<u8>,
    /// The `Content-Type` header, if any (its `charset` says how to read the body).
    pub content_type: Option<String>,
}

/// What the next `nextPage()` does.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// The paging is over: resolve `null`.
    Done,
    /// Report this error (a shortfall found on the page delivered last).
    Fail(Error),
    /// Wait for the page at this offset.
    Await(u64),
}

/// How to bring the pages in flight in line with the plan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schedule {
    /// Abort every page in flight first (they are not the pages wanted, in that order).
    pub cancel_all: bool,
    /// Offsets to launch, in order, after those kept.
    pub launch: Vec<u64>,
}

/// Compares the pages in flight (oldest first) with the pages wanted now.
pub fn schedule(wanted: &[u64], in_flight: &[u64]) -> Schedule {
    let in_order = in_flight.iter().zip(wanted).all(|(a, b)| a == b);
    let cancel_all = !in_order || in_flight.len() > wanted.len();
    let kept = if cancel_all { 0 } else { in_flight.len() };
    Schedule {
        cancel_all,
        launch: wanted.iter().skip(kept).copied().collect(),
    }
}

/// The delivery state of one paginator.
#[derive(Debug)]
pub struct Delivery {
    pager: Pager,
    cmd: String,
    shape: Shape,
    strict: bool,
    max_bytes: u64,
    secret: Secret,
}

impl Delivery {
    /// The delivery of `call`; `strict` fails a page on its first invalid record.
    pub fn new(call: &Call, strict: bool, max_bytes: u64, secret: Secret) -> Self {
        Delivery {
            pager: Pager::new(call),
            cmd: call.cmd.clone(),
            shape: call.endpoint.shape,
            strict,
            max_bytes,
            secret,
        }
    }

    /// The paging state.
    pub fn pager(&self) -> &Pager {
        &self.pager
    }

    /// Where to resume: the offset of the next page not delivered, or `None` in an
    /// incremental export (the server keeps the position).
    pub fn position(&self) -> Option<u64> {
        self.pager.sends_start().then(|| self.pager.position())
    }

    /// The `start` to send for the page at `offset` (none in an incremental export).
    pub fn start_param(&self, offset: u64) -> Option<u64> {
        self.pager.sends_start().then_some(offset)
    }

    /// Which failures a page request may send again: an incremental export moves the
    /// server's cursor when it answers.
    pub fn replay(&self) -> Replay {
        if self.pager.sends_start() {
            Replay::Any
        } else {
            Replay::OnlyUnprocessed
        }
    }

    /// What the next `nextPage()` does. After a failure it asks for the failed page again.
    pub fn next_step(&mut self) -> Step {
        self.pager.resume();
        if self.pager.state() == State::Done {
            return Step::Done;
        }
        if let Some(e) = self.pager.take_pending() {
            return Step::Fail(e.with_cmd(&self.cmd));
        }
        match self.pager.ahead(1).first() {
            Some(&offset) => {
                self.pager.asking();
                Step::Await(offset)
            }
            None => Step::Done,
        }
    }

    /// The resumable state after the last page delivered, as JSON text (what
    /// `paginator.checkpoint()` returns; the `resume` option takes it back).
    pub fn checkpoint_json(&self) -> String {
        self.pager.checkpoint(&self.cmd).to_json()
    }

    /// [`Pager::checkpoint_before_next_page`] as JSON text.
    pub fn checkpoint_before_next_page_json(&self) -> String {
        self.pager.checkpoint_before_next_page(&self.cmd).to_json()
    }

    /// Checks a record `limit` (`all({ limit })`, `pages({ limit })`, the CLI's `--limit`).
    /// An incremental export refuses it: the server counts a page as delivered when it
    /// sends it, so the records after the limit on that page could never be asked for again.
    pub fn check_limit(&self, limit: u64) -> Result<()> {
        if self.pager.sends_start() {
            return Ok(());
        }
        Err(Error::invalid_argument(format!(
            "a limit ({limit} records) cannot be used in an incremental export \
             (completeExtraction: false): the server counts a whole page as delivered when it \
             sends it, so the records after the limit on that page would be lost for good. \
             Take whole pages (nextPage() or pages() without a limit) and stop between pages"
        ))
        .with_cmd(&self.cmd))
    }

    /// The offsets to have in flight now (the next one first).
    pub fn wanted(&self, concurrency: u64) -> Vec<u64> {
        self.pager.ahead(concurrency)
    }

    /// Fails the paging (e.g. the caller aborted): the error says where to resume.
    pub fn fail(&mut self, e: Error) -> Error {
        self.pager.fail(e).with_cmd(&self.cmd)
    }

    /// The caller left its loop with the last page in its hands (see [`Pager::hand_back`]).
    pub fn hand_back(&mut self, position: Option<u64>) {
        self.pager.hand_back(position);
    }

    /// The caller threw away pages it had received (see [`Pager::discarded`]).
    pub fn discarded(&mut self) {
        self.pager.discarded();
    }

    /// Stops: nothing more is delivered.
    pub fn stop(&mut self) {
        self.pager.stop();
    }

    /// Whether the paginator was closed while a page was on its way (it is discarded).
    pub fn is_stopped(&self) -> bool {
        self.pager.state() == State::Done
    }

    /// Turns what came back for the page at `offset` into the page JSON, or into the error
    /// (with `cmd` and the resume point).
    pub fn deliver(&mut self, offset: u64, fetched: Result<Fetched>) -> Result<String> {
        self.page(offset, fetched, None)
    }

    /// [`Delivery::deliver`], the page marked with `stale` (see [`cache::stale`]).
    fn page(
        &mut self,
        offset: u64,
        fetched: Result<Fetched>,
        stale: Option<Stale<'_>>,
    ) -> Result<String> {
        let decoded = fetched.and_then(|f| {
            response::decode(
                &f.body,
                f.content_type.as_deref(),
                &self.shape,
                self.strict,
                self.max_bytes,
            )
        });
        let page = match decoded {
            Ok(page) => page,
            Err(e) => return Err(self.fail(e)),
        };
        let info = self
            .pager
            .accept(offset, &page)
            .map_err(|e| e.with_cmd(&self.cmd))?;
        page_json(&page, &info, &self.secret, stale).map_err(|e| self.fail(e))
    }

    /// The error a live fetch of the page at `offset` failed with, as the caller sees it
    /// (command and resume point), without failing the paging: for `page.stale.error`.
    pub fn located(&self, offset: u64, e: Error) -> Error {
        e.with_cmd(&self.cmd).with_start(self.start_param(offset))
    }

    /// Delivers the page at `offset` from the cache, after its live fetch failed with
    /// `live` (an error [`cache::may_answer`]): the stored body decoded as a live one, the
    /// page marked `stale`, with the live error as the caller sees it ([`Self::located`],
    /// password masked). If the stored page cannot be delivered (it no longer decodes,
    /// or does not fit the paging), the live error is reported as without a cache.
    pub fn deliver_stale(
        &mut self,
        offset: u64,
        stored: &cache::Stored,
        now_ms: f64,
        live: Error,
    ) -> Result<String> {
        let saved = self.pager.clone();
        let stored_page = Fetched {
            body: stored.body.clone().into_bytes(),
            content_type: None,
        };
        let located = self.located(offset, live.clone()).masked(&self.secret);
        let stale = cache::stale(stored, now_ms, &located);
        match self.page(offset, Ok(stored_page), Some(stale)) {
            Ok(json) => Ok(json),
            Err(_) => {
                self.pager = saved;
                Err(self.fail(live))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::endpoint::{CUSTOMERS, DIGITAL_ORDERS};
    use crate::core::error::Kind;

    fn customers(start: u64, n: u64, total: u64) -> Fetched {
        let list: Vec<String> = (start..start + n)
            .map(|i| {
                format!(
                    r#"{{"subject":{{"subjectCode":"{}","name":"N{i}","surname":"S"}}}}"#,
                    100_000 + i
                )
            })
            .collect();
        Fetched {
            body: format!(
                r#"{{"success":true,"resultSetLength":{total},"valueObjectList":[{}]}}"#,
                list.join(",")
            )
            .into_bytes(),
            content_type: Some("application/json; charset=utf-8".into()),
        }
    }

    fn delivery(start: u64) -> Delivery {
        let call = Call::from_json(&CUSTOMERS, &format!(r#"{{"start":{start}}}"#)).unwrap();
        Delivery::new(&call, false, 1 << 20, Secret::new(Some("pw-1234"), None))
    }

    #[test]
    fn schedule_keeps_what_is_in_order_and_cancels_the_rest() {
        assert_eq!(
            schedule(&[20, 40, 60], &[20]),
            Schedule {
                cancel_all: false,
                launch: vec![40, 60]
            }
        );
        assert_eq!(schedule(&[20, 40], &[20, 40]), Schedule::default());
        // A short page moved the offsets: everything in flight is wrong.
        assert_eq!(
            schedule(&[35], &[40, 60]),
            Schedule {
                cancel_all: true,
                launch: vec![35]
            }
        );
        // Fewer wanted than in flight (the end is near): start over.
        assert!(schedule(&[20], &[20, 40]).cancel_all);
        assert!(schedule(&[], &[20]).cancel_all);
    }

    /// The whole path from what came back to page JSON, natively: 45 customers without
    /// `moreRows`, a failure in the middle that is retried, every customer exactly once.
    #[test]
    fn pages_from_bytes_to_json_with_a_retried_failure() {
        let mut d = delivery(0);
        let mut codes = Vec::new();
        let mut failed_once = false;
        loop {
            let offset = match d.next_step() {
                Step::Done => break,
                Step::Fail(e) => panic!("{e}"),
                Step::Await(offset) => offset,
            };
            assert_eq!(d.start_param(offset), Some(offset));
            if offset == 15 && !failed_once {
                failed_once = true;
                let e = d
                    .deliver(offset, Err(Error::new(Kind::Network, "reset")))
                    .unwrap_err();
                assert_eq!(
                    (e.start, e.cmd.as_deref()),
                    (Some(15), Some("getCustomersExport_v3"))
                );
                assert_eq!(d.position(), Some(15));
                continue;
            }
            let json = d
                .deliver(offset, Ok(customers(offset, 15.min(45 - offset), 45)))
                .unwrap();
            let v: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(v["elementCount"], 15);
            for c in v["items"].as_array().unwrap() {
                codes.push(c["subject"]["subjectCode"].as_str().unwrap().to_owned());
            }
        }
        assert!(failed_once);
        assert_eq!(codes.len(), 45);
        codes.dedup();
        assert_eq!(codes.len(), 45, "each customer once");
    }

    #[test]
    fn an_api_error_keeps_the_resume_point_and_the_server_message() {
        let mut d = delivery(40);
        let body = br#"{"success":false,"message":"wrong pw-1234"}"#.to_vec();
        let e = d
            .deliver(
                40,
                Ok(Fetched {
                    body,
                    content_type: None,
                }),
            )
            .unwrap_err();
        assert_eq!((e.kind, e.start), (Kind::Api, Some(40)));
        assert_eq!(e.server_message.as_deref(), Some("wrong pw-1234"));
        assert!(!e
            .masked(&Secret::new(Some("pw-1234"), None))
            .message
            .contains("pw-1234"));
        assert_eq!(d.next_step(), Step::Await(40), "asked for again");
    }

    #[test]
    fn documents_pages_have_no_total_and_incremental_ones_no_position() {
        let call =
            Call::from_json(&DIGITAL_ORDERS, r#"{"fromDateTime":"2020-01-01 00:00:00"}"#).unwrap();
        let mut d = Delivery::new(&call, false, 1 << 20, Secret::default());
        let json = d
            .deliver(
                0,
                Ok(Fetched {
                    body: br#"{"valueObjectList":[],"resultSetLength":0,"moreRows":false}"#
                        .to_vec(),
                    content_type: None,
                }),
            )
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["total"], serde_json::Value::Null);
        assert_eq!(d.next_step(), Step::Done);
        let call =
            Call::from_json(&CUSTOMERS, r#"{"completeExtraction":false,"system":"ERP"}"#).unwrap();
        let d = Delivery::new(&call, false, 1 << 20, Secret::default());
        assert_eq!(
            (d.position(), d.start_param(0), d.replay()),
            (None, None, Replay::OnlyUnprocessed)
        );
    }

    #[test]
    fn a_stored_page_is_delivered_stale_or_the_live_error_stands() {
        let call =
            Call::from_json(&DIGITAL_ORDERS, r#"{"fromDateTime":"2020-01-01 00:00:00"}"#).unwrap();
        let mut d = Delivery::new(&call, false, 1 << 20, Secret::default());
        let live = Error::new(Kind::Network, "connection refused");
        let stored = cache::Stored {
            stored_at_ms: 1_000.0,
            body: r#"{"valueObjectList":[{"docNumber":2}],"moreRows":false}"#.into(),
        };
        let json = d.deliver_stale(0, &stored, 61_000.0, live.clone()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["items"][0]["docNumber"], 2);
        assert_eq!(v["stale"]["ageMs"], 60_000.0);
        assert_eq!(v["stale"]["storedAt"], "1970-01-01T00:00:01.000Z");
        assert_eq!(
            (&v["stale"]["error"]["kind"], &v["stale"]["error"]["start"]),
            (&serde_json::json!("network"), &serde_json::json!(0)),
            "the live error, located"
        );
        assert_eq!(d.next_step(), Step::Done);
        let e = d.located(0, live.clone());
        assert_eq!(
            (e.cmd.as_deref(), e.start),
            (Some("getLastDigitalOrders_v1"), Some(0))
        );
        // The live error's password is masked in the page, as in a thrown error.
        let mut d = Delivery::new(&call, false, 1 << 20, Secret::new(Some("hunter2!"), None));
        let echoed = Error::new(Kind::Network, "refused for hunter2!");
        let json = d.deliver_stale(0, &stored, 61_000.0, echoed).unwrap();
        assert!(!json.contains("hunter2"), "{json}");
        assert!(json.contains("refused for ***"), "{json}");
        // A stored body that no longer decodes: the live error, with its resume point.
        let mut d = Delivery::new(&call, false, 1 << 20, Secret::default());
        let bad = cache::Stored {
            stored_at_ms: 1_000.0,
            body: "<html>".into(),
        };
        let e = d.deliver_stale(0, &bad, 2_000.0, live).unwrap_err();
        assert_eq!((e.kind, e.start), (Kind::Network, Some(0)));
        assert_eq!(d.next_step(), Step::Await(0));
    }

    #[test]
    fn a_limit_is_refused_in_an_incremental_export_only() {
        let call =
            Call::from_json(&CUSTOMERS, r#"{"completeExtraction":false,"system":"ERP"}"#).unwrap();
        let d = Delivery::new(&call, false, 1 << 20, Secret::default());
        let e = d.check_limit(5).unwrap_err();
        assert_eq!(e.kind, Kind::InvalidArgument);
        assert!(e.message.contains("incremental export"), "{}", e.message);
        assert!(delivery(0).check_limit(5).is_ok());
    }
}
