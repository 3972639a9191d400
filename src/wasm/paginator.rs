//! `RawPaginator`: launches the fetches the core's [`Delivery`] asks for and hands their
//! results back to it. One page at a time is fetched in the caller's own task; with
//! `concurrency > 1`, up to that many pages are in flight, each a spawned task (so retries
//! and backoff of different pages overlap), sharing one abort controller per generation.
//! Which pages to have in flight, when to cancel them and what a result means are the
//! core's decisions.

use super::cache::{self, Answer};
use super::shared::Shared;
use super::transport;
use crate::core::call::Call;
use crate::core::decode::Counting;
use crate::core::delivery::{self, Delivery, Fetched, Step};
use crate::core::error::{Error, Kind};
use crate::core::options::InvalidRecords;
use js_sys::Promise;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, AbortSignal};

type Slot = Rc<RefCell<Option<Result<Fetched, Error>>>>;

/// A page request in flight.
struct InFlight {
    offset: u64,
    slot: Slot,
    done: Promise,
}

struct Inner {
    shared: Rc<Shared>,
    call: Rc<Call>,
    delivery: Delivery,
    queue: VecDeque<InFlight>,
    /// Aborts the requests in flight (on close, or when prefetched pages are discarded).
    generation: Option<AbortController>,
    user_signal: Option<AbortSignal>,
    concurrency: u64,
}

/// The paginator behind the package's `Paginator` class.
#[wasm_bindgen]
pub struct RawPaginator {
    inner: Result<Rc<RefCell<Inner>>, Error>,
    shared: Rc<Shared>,
}

impl RawPaginator {
    /// `read` of the delivery state, refused while a page is being delivered.
    fn between_pages(&self, what: &str, read: fn(&Delivery) -> String) -> Result<String, JsValue> {
        let inner = self.inner.as_ref().map_err(|e| self.shared.error(e))?;
        let me = inner.try_borrow().map_err(|_| {
            self.shared.error(&Error::new(
                Kind::InvalidArgument,
                format!("{what} was called while a page is being delivered: call it between pages"),
            ))
        })?;
        Ok(read(&me.delivery))
    }

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
            let delivery = Delivery::new(
                &call,
                strict,
                shared.config.max_response_bytes,
                shared.secret.clone(),
            );
            Rc::new(RefCell::new(Inner {
                shared: shared.clone(),
                delivery,
                call: Rc::new(call),
                queue: VecDeque::new(),
                generation: None,
                user_signal,
                concurrency,
            }))
        });
        RawPaginator { inner, shared }
    }
}

#[wasm_bindgen]
impl RawPaginator {
    /// Resolves to the next page as JSON text (for a page answered from the cache:
    /// `[json, error]`, the error its live fetch failed with), or `null` when there are
    /// no more pages;
    /// rejects with an error object (whose `start` is where to resume). After an error,
    /// the next call asks for the failed page again. (The package's `Paginator` queues
    /// calls, so that one runs at a time.)
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
            match next(&inner).await {
                Ok(Some(json)) => Ok(JsValue::from_str(&json)),
                Ok(None) => Ok(JsValue::NULL),
                Err(e) => {
                    if let Ok(mut me) = inner.try_borrow_mut() {
                        cancel_all(&mut me);
                    }
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
                cancel_all(&mut me);
                me.delivery.stop();
            }
        }
    }

    /// The caller left its loop with the last page still in its hands, at `position` (the
    /// offset of the record or page it was handling; `undefined` where unknown): see the
    /// core's `Pager::hand_back`. Call `close()` after it.
    #[wasm_bindgen(js_name = handBack)]
    pub fn hand_back(&self, position: Option<f64>) {
        if let Ok(inner) = &self.inner {
            if let Ok(mut me) = inner.try_borrow_mut() {
                // An offset this package computed: a whole number, or none.
                let position = position
                    .filter(|p| p.is_finite() && *p >= 0.0 && p.fract() == 0.0)
                    .map(|p| p as u64);
                me.delivery.hand_back(position);
            }
        }
    }

    /// The caller threw away pages it had received (an `all()` that rejected): see the
    /// core's `Pager::discarded`.
    pub fn discarded(&self) {
        if let Ok(inner) = &self.inner {
            if let Ok(mut me) = inner.try_borrow_mut() {
                me.delivery.discarded();
            }
        }
    }

    /// The array field of each record whose entries are the elements the server counts
    /// (`"prices"` in the prices export), or `undefined` when each record is one element.
    #[wasm_bindgen(getter, js_name = countedRows)]
    pub fn counted_rows(&self) -> Option<String> {
        let inner = self.inner.as_ref().ok()?;
        let me = inner.try_borrow().ok()?;
        match me.call.endpoint.shape.counting {
            Counting::Rows(field) => Some(field.to_owned()),
            Counting::Records => None,
        }
    }

    /// The resumable state after the last page delivered (JSON text made by the core);
    /// throws the refusal when the options were refused (nothing was sent).
    pub fn checkpoint(&self) -> Result<String, JsValue> {
        self.between_pages("checkpoint()", Delivery::checkpoint_json)
    }

    /// The checkpoint to store just before asking for the next page (see the core's
    /// `Pager::checkpoint_before_next_page`).
    #[wasm_bindgen(js_name = checkpointBeforeNextPage)]
    pub fn checkpoint_before_next_page(&self) -> Result<String, JsValue> {
        self.between_pages(
            "checkpointBeforeNextPage()",
            Delivery::checkpoint_before_next_page_json,
        )
    }

    /// Checks a record limit for this paginator (refused in an incremental export).
    #[wasm_bindgen(js_name = checkLimit)]
    pub fn check_limit(&self, limit: f64) -> Result<(), JsValue> {
        let Ok(inner) = &self.inner else {
            return Ok(());
        };
        let Ok(me) = inner.try_borrow() else {
            return Ok(());
        };
        me.delivery
            .check_limit(limit as u64)
            .map_err(|e| self.shared.error(&e))
    }

    /// The `invalidRecords` callback that receives this paginator's invalid records (its
    /// own option, else the client's), or `undefined`.
    #[wasm_bindgen(getter, js_name = onInvalid)]
    pub fn on_invalid(&self) -> Option<js_sys::Function> {
        let inner = self.inner.as_ref().ok()?;
        let me = inner.try_borrow().ok()?;
        match &me.call.on_invalid {
            Some(f) => Some(f.0.clone().unchecked_into()),
            None if me.call.invalid_records.is_none() => me.shared.on_invalid.clone(),
            None => None,
        }
    }

    /// The offset of the next page to deliver: where to resume after stopping.
    #[wasm_bindgen(getter)]
    pub fn position(&self) -> Option<f64> {
        let inner = self.inner.as_ref().ok()?;
        let me = inner.try_borrow().ok()?;
        me.delivery.position().map(|p| p as f64)
    }
}

fn cancel_all(me: &mut Inner) {
    if let Some(c) = me.generation.take() {
        c.abort();
    }
    me.queue.clear();
}

/// Brings the pages in flight in line with what the core wants now.
fn top_up(me: &mut Inner) {
    let wanted = me.delivery.wanted(me.concurrency);
    let in_flight: Vec<u64> = me.queue.iter().map(|f| f.offset).collect();
    let plan = delivery::schedule(&wanted, &in_flight);
    if plan.cancel_all {
        cancel_all(me);
    }
    if plan.launch.is_empty() {
        return;
    }
    // One controller per generation of requests, linked to the caller's signal once.
    let signal = generation_signal(me);
    for offset in plan.launch {
        let slot: Slot = Rc::new(RefCell::new(None));
        let task_slot = slot.clone();
        let shared = me.shared.clone();
        let call = me.call.clone();
        let signal = signal.clone();
        let start = me.delivery.start_param(offset);
        let replay = me.delivery.replay();
        let done = future_to_promise(async move {
            let result = transport::send(&shared, &call, start, Some(&signal), replay).await;
            *task_slot.borrow_mut() = Some(result);
            Ok(JsValue::UNDEFINED)
        });
        me.queue.push_back(InFlight { offset, slot, done });
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
        offset: u64,
        shared: Rc<Shared>,
        call: Rc<Call>,
        signal: Option<AbortSignal>,
    },
    Queued(InFlight),
}

/// The next page's JSON (a page answered from the cache carries the error its live fetch
/// failed with, as `stale.error`).
async fn next(inner: &Rc<RefCell<Inner>>) -> Result<Option<String>, Error> {
    let (pending, start, replay, shared, call) = {
        let mut me = inner.borrow_mut();
        let offset = match me.delivery.next_step() {
            Step::Done => return Ok(None),
            Step::Fail(e) => return Err(e),
            Step::Await(offset) => offset,
        };
        if me.user_signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(me.delivery.fail(transport::aborted()));
        }
        let start = me.delivery.start_param(offset);
        let replay = me.delivery.replay();
        // One page at a time needs no controller of its own: the caller's signal (if
        // any) aborts it, and nothing is in flight ahead to cancel.
        let pending = if me.concurrency <= 1 && me.queue.is_empty() {
            Pending::Inline {
                offset,
                shared: me.shared.clone(),
                call: me.call.clone(),
                signal: me.user_signal.clone(),
            }
        } else {
            top_up(&mut me);
            match me.queue.pop_front() {
                Some(head) => Pending::Queued(head),
                None => return Ok(None),
            }
        };
        (pending, start, replay, me.shared.clone(), me.call.clone())
    };
    let (offset, fetched) = match pending {
        Pending::Inline {
            offset,
            shared,
            call,
            signal,
        } => {
            let result = transport::send(&shared, &call, start, signal.as_ref(), replay).await;
            (offset, result)
        }
        Pending::Queued(head) => {
            let _ = JsFuture::from(head.done).await;
            let fetched = head.slot.borrow_mut().take().unwrap_or_else(|| {
                Err(Error::new(
                    Kind::Network,
                    "the request ended without a result",
                ))
            });
            (head.offset, fetched)
        }
    };
    // The `cache` option: a failure may be answered from the store (see cache.rs).
    let answer = cache::settle(&shared, &call, offset, fetched).await;
    let (delivered, entry) = {
        let mut me = inner.borrow_mut();
        if me.delivery.is_stopped() {
            // Closed while the page was on its way: it is discarded.
            return Ok(None);
        }
        let delivered = match answer {
            Answer::Live(fetched, entry) => (me.delivery.deliver(offset, fetched)?, entry),
            Answer::Stale(stored, error, now) => (
                me.delivery.deliver_stale(offset, &stored, now, error)?,
                None,
            ),
        };
        // With concurrency > 1, keep the next pages coming while the caller works on
        // this one; with 1, the next page is requested only when asked for (pull-based).
        if me.concurrency > 1 {
            top_up(&mut me);
        }
        delivered
    };
    cache::remember(&shared, &call, offset, entry).await;
    Ok(Some(delivered))
}
