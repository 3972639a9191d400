//! The `cache` option's I/O: the store's `get`/`set`/`delete` (the caller's store through
//! `store.js`, or the core's in-memory one) around a page's fetch. What is cached, under
//! which key, which failures a stored page answers and how old it may be are the core's
//! decisions ([`crate::core::cache`]); a failing store is reported through `onRequest` and
//! never breaks a lookup.

use super::shared::Shared;
use crate::core::cache::{self, CacheConfig, Found, MemoryStore, Stored};
use crate::core::call::Call;
use crate::core::delivery::Fetched;
use crate::core::error::Error;
use crate::core::request;
use crate::core::types::{CacheOp, RequestEvent};
use js_sys::{Array, Promise};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/wasm/store.js")]
extern "C" {
    /// Calls the store; resolves to `[ok, result or message]`, never rejects.
    #[wasm_bindgen(js_name = storeCall)]
    fn store_call(
        store: &JsValue,
        op: &str,
        key: &str,
        value: Option<String>,
        timeout_ms: f64,
    ) -> Promise;
    #[wasm_bindgen(js_name = reportToHook)]
    fn report_to_hook(hook: &js_sys::Function, event: &JsValue);
}

enum Store {
    Memory(RefCell<MemoryStore>),
    Js(JsValue),
}

/// A client's cache: its settings and its store.
pub struct Cache {
    config: CacheConfig,
    store: Store,
}

impl Cache {
    /// The cache of a client: `store` is the caller's `cache.store` (checked when the
    /// options were read), or `None` for the default in-memory store.
    pub fn new(config: CacheConfig, store: Option<JsValue>) -> Cache {
        let store = match store {
            Some(s) => Store::Js(s),
            None => Store::Memory(RefCell::new(MemoryStore::new())),
        };
        Cache { config, store }
    }

    /// One store operation; `Ok` holds what `get` found.
    async fn op(
        &self,
        op: CacheOp,
        key: &str,
        value: Option<String>,
    ) -> Result<Option<String>, String> {
        match &self.store {
            Store::Memory(m) => {
                let mut m = m.borrow_mut();
                match (op, value) {
                    (CacheOp::Get, _) => Ok(m.get(key).map(str::to_owned)),
                    (CacheOp::Set, Some(v)) => {
                        m.set(key, v);
                        Ok(None)
                    }
                    _ => {
                        m.delete(key);
                        Ok(None)
                    }
                }
            }
            Store::Js(store) => {
                let timeout = cache::STORE_TIMEOUT_MS as f64;
                let result = JsFuture::from(store_call(store, op.as_str(), key, value, timeout))
                    .await
                    .map_err(|_| "the store call failed".to_owned())?;
                let parts: Array = result.unchecked_into();
                if parts.get(0).as_bool() == Some(true) {
                    Ok(parts.get(1).as_string())
                } else {
                    Err(parts.get(1).as_string().unwrap_or_default())
                }
            }
        }
    }
}

/// What to do with the outcome of a page's fetch.
pub enum Answer {
    /// Deliver it as fetched; on success, store the entry (key, entry) if there is one.
    Live(Result<Fetched, Error>, Option<(String, String)>),
    /// Deliver the stored page, marked stale: the live fetch failed with the error.
    Stale(Stored, Error, f64),
}

/// Looks at what came back for the page of `call` at `offset`: a page fetched live is
/// prepared for storing; a failure the store may answer is looked up.
pub async fn settle(
    shared: &Shared,
    call: &Call,
    offset: u64,
    fetched: Result<Fetched, Error>,
) -> Answer {
    let Some(c) = &shared.cache else {
        return Answer::Live(fetched, None);
    };
    let Some(key) = cache::key(&shared.config, call, offset, &shared.secret) else {
        return Answer::Live(fetched, None);
    };
    let e = match fetched {
        Ok(f) => {
            let now = js_sys::Date::now();
            let entry = cache::entry_of(&f.body, f.content_type.as_deref(), now, &shared.secret);
            return Answer::Live(Ok(f), entry.map(|entry| (key, entry)));
        }
        Err(e) if cache::may_answer(&e) => e,
        Err(e) => return Answer::Live(Err(e), None),
    };
    let found = match c.op(CacheOp::Get, &key, None).await {
        Ok(Some(text)) => text,
        Ok(None) => return Answer::Live(Err(e), None),
        Err(why) => {
            report(shared, call, offset, CacheOp::Get, &why);
            return Answer::Live(Err(e), None);
        }
    };
    let now = js_sys::Date::now();
    match cache::read(&found, now, &c.config) {
        Found::Usable(stored) => Answer::Stale(stored, e, now),
        Found::Expired | Found::Unreadable => {
            if let Err(why) = c.op(CacheOp::Delete, &key, None).await {
                report(shared, call, offset, CacheOp::Delete, &why);
            }
            Answer::Live(Err(e), None)
        }
    }
}

/// Stores the entry of a page delivered live (replacing the older copy).
pub async fn remember(shared: &Shared, call: &Call, offset: u64, entry: Option<(String, String)>) {
    let (Some(c), Some((key, entry))) = (&shared.cache, entry) else {
        return;
    };
    if let Err(why) = c.op(CacheOp::Set, &key, Some(entry)).await {
        report(shared, call, offset, CacheOp::Set, &why);
    }
}

/// Reports a failing store through `onRequest` (password masked): an event of the
/// transport's shape, with `cacheOp`.
fn report(shared: &Shared, call: &Call, offset: u64, op: CacheOp, why: &str) {
    let Some(hook) = &shared.on_request else {
        return;
    };
    let url = request::url(&shared.config, call, Some(offset));
    let event = RequestEvent {
        cmd: call.cmd.clone(),
        method: call.method.into(),
        url: shared.secret.mask(&url).into_owned(),
        start: Some(offset),
        attempt: 0,
        status: None,
        duration_ms: 0.0,
        bytes: None,
        error_kind: None,
        error: Some(cache::store_failure(op.as_str(), why, &shared.secret)),
        retry_in_ms: None,
        cache_op: Some(op),
    };
    let value = serde_json::to_string(&event)
        .ok()
        .and_then(|json| js_sys::JSON::parse(&json).ok());
    if let Some(value) = value {
        report_to_hook(hook, &value);
    }
}
