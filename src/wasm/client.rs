//! `RawClient`: holds the validated options, the `fetch` and `onRequest` functions and the
//! rate-limit window shared by all of the client's paginators.

use super::interop;
use super::options;
use super::paginator::RawPaginator;
use super::transport;
use crate::core::endpoint::{self, Method};
use crate::core::error::Error;
use crate::core::options::ClientConfig;
use crate::core::rate_limit::Window;
use crate::core::response;
use js_sys::{Function, Promise};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// What every request of one client shares.
pub struct Shared {
    /// The validated options.
    pub config: ClientConfig,
    /// The caller's `fetch`, if any.
    pub fetch: Option<Function>,
    /// The `onRequest` hook, if any.
    pub on_request: Option<Function>,
    window: RefCell<Option<Window>>,
    /// The request headers, built once: `[name, value]` pairs for GET and for POST.
    headers_get: JsValue,
    headers_post: JsValue,
}

impl Shared {
    /// Starts a request under the rate limit if the window has room now; otherwise
    /// returns how long to wait before asking again.
    pub fn try_start(&self, now: f64) -> Result<(), f64> {
        match self.window.borrow_mut().as_mut() {
            Some(w) => w.try_start(now),
            None => Ok(()),
        }
    }

    /// The headers of every `method` request, as `[name, value]` pairs.
    pub fn headers(&self, method: Method) -> &JsValue {
        match method {
            Method::Get => &self.headers_get,
            Method::Post => &self.headers_post,
        }
    }

    /// The JS error object for `e`, password masked.
    pub fn error(&self, e: &Error) -> JsValue {
        interop::error_value(e, self.config.password.as_deref())
    }
}

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
        } = options::client(&options)
            .map_err(|(e, password)| interop::error_value(&e, password.as_deref()))?;
        let window = config.rate_limit.map(Window::new);
        Ok(RawClient {
            shared: Rc::new(Shared {
                fetch,
                on_request,
                headers_get: transport::headers_value(&config, Method::Get),
                headers_post: transport::headers_value(&config, Method::Post),
                config,
                window: RefCell::new(window),
            }),
        })
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
            let replayable = call.method == Method::Get;
            let result = async {
                let body =
                    transport::send(&shared, &call, start, signal.as_ref(), replayable).await?;
                response::decode_raw(&body, shared.config.max_response_bytes)
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
