//! What every request of one client shares: the validated options, the caller's `fetch`
//! and `onRequest` functions, the rate-limit window of all its paginators, and the masks
//! of its password.

use super::interop;
use crate::core::error::Error;
use crate::core::options::ClientConfig;
use crate::core::rate_limit::Window;
use crate::core::secret::Secret;
use js_sys::Function;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// What every request of one client shares.
pub struct Shared {
    /// The validated options.
    pub config: ClientConfig,
    /// The caller's `fetch`, if any.
    pub fetch: Option<Function>,
    /// The `onRequest` hook, if any.
    pub on_request: Option<Function>,
    /// The client's `invalidRecords` callback, if any.
    pub on_invalid: Option<Function>,
    /// The rate-limit window, if the client has a `rateLimit`.
    pub window: RefCell<Option<Window>>,
    /// Every form of the password, to mask in whatever reaches JavaScript.
    pub secret: Secret,
    /// The `cache` option's store, if the client has one.
    pub cache: Option<super::cache::Cache>,
    /// A shared limiter's gate (`rateLimit: limiter`), awaited before each attempt
    /// (see [`super::gate`]).
    pub gate: RefCell<Option<Function>>,
}

impl Shared {
    /// Starts a request under the rate limit if the window has room now (its ticket, if
    /// the client has a window); otherwise returns how long to wait before asking again.
    pub fn try_start(&self, now: f64) -> Result<Option<u64>, f64> {
        match self.window.borrow_mut().as_mut() {
            Some(w) => w.try_start(now).map(Some),
            None => Ok(None),
        }
    }

    /// Records that the answer (or failure) of the request with `ticket` came at `now`.
    pub fn finish(&self, ticket: Option<u64>, now: f64) {
        if let (Some(w), Some(t)) = (self.window.borrow_mut().as_mut(), ticket) {
            w.finish(t, now);
        }
    }

    /// The JS error object for `e`, password masked.
    pub fn error(&self, e: &Error) -> JsValue {
        interop::error_value(&e.masked(&self.secret))
    }
}
