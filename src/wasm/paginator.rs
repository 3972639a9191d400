//! `RawPaginator`: performs the fetches the core's [`Pager`] asks for and delivers pages
//! strictly in order. One page at a time is fetched in the caller's own task; with
//! `concurrency > 1`, up to that many pages are in flight, each a spawned task (so retries
//! and backoff of different pages overlap), sharing one abort controller per generation.

use super::client::Shared;
use super::transport;
use crate::core::call::Call;
use crate::core::error::{Error, Kind};
use crate::core::options::InvalidRecords;
use crate::core::page::page_json;
use crate::core::pagination::{Pager, State};
use crate::core::response;
use js_sys::Promise;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, AbortSignal};

type Slot = Rc<RefCell<Option<Result<Vec<u8>, Error>>>>;

/// A page request in flight.
struct InFlight {
    start: u64,
    slot: Slot,
    done: Promise,
}

struct Inner {
    shared: Rc<Shared>,
    call: Rc<Call>,
    pager: Pager,
    queue: VecDeque<InFlight>,
    /// Aborts the requests in flight (on close, or when prefetched pages are discarded).
    generation: Option<AbortController>,
    user_signal: Option<AbortSignal>,
    concurrency: u64,
    strict: bool,
    busy: bool,
}

/// The paginator behind the package's `Paginator` class.
#[wasm_bindgen]
pub struct RawPaginator {
    inner: Result<Rc<RefCell<Inner>>, Error>,
    shared: Rc<Shared>,
}

impl RawPaginator {
    pub(crate) fn new(
        shared: Rc<Shared>,
        call: Result<Call, Error>,
        user_signal: Option<AbortSignal>,
    ) -> Self {
        let inner = call.map(|call| {
            let concurrency = call.concurrency.unwrap_or(shared.config.concurrency);
            let strict = call
                .invalid_records
                .unwrap_or(shared.config.invalid_records)
                == InvalidRecords::Throw;
            Rc::new(RefCell::new(Inner {
                shared: shared.clone(),
                pager: Pager::new(&call),
                call: Rc::new(call),
                queue: VecDeque::new(),
                generation: None,
                user_signal,
                concurrency,
                strict,
                busy: false,
            }))
        });
        RawPaginator { inner, shared }
    }
}

#[wasm_bindgen]
impl RawPaginator {
    /// Resolves to the next page as JSON text, or `null` when there are no more pages;
    /// rejects with an error object (whose `start` is where to resume).
    #[wasm_bindgen(js_name = nextPage)]
    pub fn next_page(&self) -> Promise {
        let shared = self.shared.clone();
        let inner = match &self.inner {
            Ok(inner) => inner.clone(),
            Err(e) => {
                let e = shared.error(e);
                return future_to_promise(async move { Err(e) });
            }
        };
        future_to_promise(async move {
            {
                let mut me = inner.borrow_mut();
                if me.busy {
                    let e = Error::invalid_argument(
                        "nextPage() was called again before the previous call finished",
                    );
                    return Err(shared.error(&e));
                }
                me.busy = true;
            }
            let result = next(&inner).await;
            inner.borrow_mut().busy = false;
            match result {
                Ok(Some(json)) => Ok(JsValue::from_str(&json)),
                Ok(None) => Ok(JsValue::NULL),
                Err(e) => {
                    close_queue(&mut inner.borrow_mut());
                    Err(shared.error(&e))
                }
            }
        })
    }

    /// Stops: sends no more requests and aborts the pages fetched ahead (a page being
    /// fetched one at a time is let finish and discarded; pass a `signal` to cut it short).
    pub fn close(&self) {
        if let Ok(inner) = &self.inner {
            if let Ok(mut me) = inner.try_borrow_mut() {
                close_queue(&mut me);
                me.pager.stop();
            }
        }
    }

    /// The offset of the next page to deliver: where to resume after stopping.
    #[wasm_bindgen(getter)]
    pub fn position(&self) -> Option<f64> {
        let inner = self.inner.as_ref().ok()?;
        let me = inner.try_borrow().ok()?;
        me.pager.sends_start().then(|| me.pager.position() as f64)
    }
}

fn close_queue(me: &mut Inner) {
    if let Some(c) = me.generation.take() {
        c.abort();
    }
    me.queue.clear();
}

/// Makes sure the pages the pager wants are in flight, in order.
fn top_up(me: &mut Inner) {
    let planned = me.pager.ahead(me.concurrency);
    let in_order = me
        .queue
        .iter()
        .zip(planned.iter())
        .all(|(f, &s)| f.start == s);
    if !in_order || me.queue.len() > planned.len() {
        close_queue(me);
    }
    if planned.len() <= me.queue.len() {
        return;
    }
    // One controller per generation of requests, linked to the caller's signal once.
    let signal = generation_signal(me);
    for &start in planned.iter().skip(me.queue.len()) {
        let slot: Slot = Rc::new(RefCell::new(None));
        let task_slot = slot.clone();
        let shared = me.shared.clone();
        let call = me.call.clone();
        let signal = signal.clone();
        let sends_start = me.pager.sends_start();
        let done = future_to_promise(async move {
            let replayable = sends_start;
            let start_param = sends_start.then_some(start);
            let result =
                transport::send(&shared, &call, start_param, Some(&signal), replayable).await;
            *task_slot.borrow_mut() = Some(result);
            Ok(JsValue::UNDEFINED)
        });
        me.queue.push_back(InFlight { start, slot, done });
    }
}

/// The signal of the current generation of requests (created on first use).
fn generation_signal(me: &mut Inner) -> AbortSignal {
    let controller = match me.generation.take() {
        Some(c) => c,
        None => transport::linked_controller(me.user_signal.as_ref()),
    };
    let signal = controller.signal();
    me.generation = Some(controller);
    signal
}

/// What `next` waits for: a page fetched right here (one at a time), or one in flight.
enum Pending {
    Inline {
        start: u64,
        shared: Rc<Shared>,
        call: Rc<Call>,
        signal: Option<AbortSignal>,
        sends_start: bool,
    },
    Queued(InFlight),
}

async fn next(inner: &Rc<RefCell<Inner>>) -> Result<Option<String>, Error> {
    let pending = {
        let mut me = inner.borrow_mut();
        match me.pager.state() {
            State::Running => {}
            State::Done | State::Failed => return Ok(None),
        }
        if let Some(e) = me.pager.take_pending() {
            return Err(e.with_cmd(&me.call.cmd));
        }
        if me.user_signal.as_ref().is_some_and(AbortSignal::aborted) {
            let e = me.pager.fail(transport::aborted());
            return Err(e.with_cmd(&me.call.cmd));
        }
        let sequential = me.concurrency <= 1 && me.queue.is_empty();
        match me.pager.ahead(me.concurrency).first() {
            None => return Ok(None),
            // One page at a time needs no controller of its own: the caller's signal (if
            // any) aborts it, and nothing is in flight ahead to cancel.
            Some(&start) if sequential => Pending::Inline {
                start,
                shared: me.shared.clone(),
                call: me.call.clone(),
                signal: me.user_signal.clone(),
                sends_start: me.pager.sends_start(),
            },
            Some(_) => {
                top_up(&mut me);
                match me.queue.pop_front() {
                    Some(head) => Pending::Queued(head),
                    None => return Ok(None),
                }
            }
        }
    };
    let (start, outcome) = match pending {
        Pending::Inline {
            start,
            shared,
            call,
            signal,
            sends_start,
        } => {
            let start_param = sends_start.then_some(start);
            let result =
                transport::send(&shared, &call, start_param, signal.as_ref(), sends_start).await;
            (start, result)
        }
        Pending::Queued(head) => {
            let _ = JsFuture::from(head.done).await;
            let outcome = head.slot.borrow_mut().take().unwrap_or_else(|| {
                Err(Error::new(
                    Kind::Network,
                    "the request ended without a result",
                ))
            });
            (head.start, outcome)
        }
    };
    let mut me = inner.borrow_mut();
    if me.pager.state() != State::Running {
        // Closed while the page was on its way: it is discarded.
        return Ok(None);
    }
    let cmd = me.call.cmd.clone();
    let decoded = outcome.and_then(|body| {
        response::decode(
            &body,
            None, // the response's Content-Type, once the transport passes it on
            &me.call.endpoint.shape,
            me.strict,
            me.shared.config.max_response_bytes,
        )
    });
    let page = match decoded {
        Ok(page) => page,
        Err(e) => return Err(me.pager.fail(e).with_cmd(&cmd)),
    };
    let info = me
        .pager
        .accept(start, &page)
        .map_err(|e| e.with_cmd(&cmd))?;
    // With concurrency > 1, keep the next pages coming while the caller works on this
    // one; with 1, the next page is requested only when asked for (pull-based).
    if me.concurrency > 1 {
        top_up(&mut me);
    }
    Ok(Some(page_json(&page, &info)))
}
