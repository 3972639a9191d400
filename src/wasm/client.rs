//! `RawClient`: holds the validated options, the `fetch` and `onRequest` functions and the
//! rate-limit window shared by all of the client's paginators.

use super::cache::Cache;
use super::interop;
use super::options;
use super::paginator::RawPaginator;
use super::shared::Shared;
use super::transport;
use crate::core::endpoint::{self, Method};
use crate::core::error::Error;
use crate::core::rate_limit::Window;
use crate::core::response;
use crate::core::retry::Replay;
use crate::core::secret::Secret;
use js_sys::Promise;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// The client behind the package's `Client` class.
#[wasm_bindgen]
pub struct RawClient {
    shared: Rc<Shared>,
}

#[wasm_bindgen]
impl RawClient {
    /// Checks the options; throws the error object of an `invalidArgument` error.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<RawClient, JsValue> {
        let options::ClientParts {
            config,
            fetch,
            on_request,
            on_invalid,
            cache_store,
        } = options::client(&options).map_err(|(e, password)| {
            interop::error_value(&e.masked(&Secret::new(password.as_deref(), None)))
        })?;
        let window = config.rate_limit.map(Window::new);
        let secret = Secret::new(config.password.as_deref(), config.username.as_deref());
        let cache = config.cache.map(|c| Cache::new(c, cache_store));
        Ok(RawClient {
            shared: Rc::new(Shared {
                fetch,
                on_request,
                on_invalid,
                config,
                window: RefCell::new(window),
                secret,
                cache,
                gate: RefCell::new(None),
            }),
        })
    }

    /// Sets the gate of a shared limiter (`rateLimit: limiter`): a function returning a
    /// promise of 0 (go) or the milliseconds to wait, awaited before each attempt.
    #[wasm_bindgen(js_name = setGate)]
    pub fn set_gate(&self, gate: js_sys::Function) {
        *self.shared.gate.borrow_mut() = Some(gate);
    }

    /// The key of this client's account in a shared limiter (the proxy's too).
    #[wasm_bindgen(js_name = accountKey)]
    pub fn account_key(&self) -> String {
        crate::core::rate_limit::account_key(&self.shared.config)
    }

    /// A paginator for the `Client` method `method` (`customersExport`, ..., `paginate`).
    /// Never throws: a bad argument is reported by the first `nextPage()`.
    pub fn paginator(&self, method: &str, options: JsValue) -> RawPaginator {
        let (call, signal) = match endpoint::by_method(method) {
            Some(ep) => match options::call(ep, &options) {
                Ok((call, signal)) => (Ok(call), signal),
                Err(e) => (Err(e), None),
            },
            None => (
                Err(Error::invalid_argument(format!(
                    "unknown endpoint `{method}`"
                ))),
                None,
            ),
        };
        RawPaginator::new(self.shared.clone(), call, signal)
    }

    /// `client.request()`: one call, resolving to the envelope's JSON text.
    pub fn request(&self, options: JsValue) -> Promise {
        let shared = self.shared.clone();
        let parsed = options::request(&options);
        future_to_promise(async move {
            let (call, signal) = parsed.map_err(|e| shared.error(&e))?;
            let start = call.start_given.then_some(call.start);
            // A POST may write: send it again only when the server said it did nothing.
            let replay = match call.method {
                Method::Get => Replay::Any,
                Method::Post => Replay::OnlyUnprocessed,
            };
            let result = async {
                let fetched =
                    transport::send(&shared, &call, start, signal.as_ref(), replay).await?;
                response::decode_raw(
                    &fetched.body,
                    fetched.content_type.as_deref(),
                    shared.config.max_response_bytes,
                )
            }
            .await
            .map_err(|e| e.with_cmd(&call.cmd));
            match result {
                Ok(json) => Ok(JsValue::from_str(&json)),
                Err(e) => Err(shared.error(&e)),
            }
        })
    }
}
