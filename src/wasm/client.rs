//! `RawClient`: holds the validated options, the `fetch` and `onRequest` functions and the
//! rate-limit window shared by all of the client's paginators.

use super::interop;
use super::paginator::RawPaginator;
use super::transport;
use crate::core::args::Arg;
use crate::core::call::Call;
use crate::core::endpoint::{self, Method};
use crate::core::error::Error;
use crate::core::options::ClientConfig;
use crate::core::rate_limit::Window;
use crate::core::response;
use crate::core::retry::Replay;
use crate::core::secret::Secret;
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
    /// Every form of the password, to mask in whatever reaches JavaScript.
    pub secret: Secret,
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

    /// The JS error object for `e`, password masked.
    pub fn error(&self, e: &Error) -> JsValue {
        interop::error_value(&e.masked(&self.secret))
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
        let config = ClientConfig::from_arg(&interop::to_arg(&options)).map_err(|e| {
            let secret = Secret::new(password_of(&options).as_deref(), None);
            interop::error_value(&e.masked(&secret))
        })?;
        let window = config.rate_limit.map(Window::new);
        let secret = Secret::new(config.password.as_deref(), config.username.as_deref());
        Ok(RawClient {
            shared: Rc::new(Shared {
                fetch: interop::function(&options, "fetch"),
                on_request: interop::function(&options, "onRequest"),
                config,
                window: RefCell::new(window),
                secret,
            }),
        })
    }

    /// A paginator for the `Client` method `method` (`customersExport`, ..., `paginate`).
    /// Never throws: a bad argument is reported by the first `nextPage()`.
    pub fn paginator(&self, method: &str, options: JsValue) -> RawPaginator {
        let call = match endpoint::by_method(method) {
            Some(ep) => Call::new(ep, &interop::to_arg(&options)),
            None => Err(Error::invalid_argument(format!(
                "unknown endpoint `{method}`"
            ))),
        };
        RawPaginator::new(
            self.shared.clone(),
            call,
            interop::signal(&options, "signal"),
        )
    }

    /// `client.request()`: one call, resolving to the envelope's JSON text.
    pub fn request(&self, options: JsValue) -> Promise {
        let shared = self.shared.clone();
        let call = Call::request(&interop::to_arg(&options));
        let signal = interop::signal(&options, "signal");
        future_to_promise(async move {
            let call = call.map_err(|e| shared.error(&e))?;
            let start = call.start_given.then_some(call.start);
            // A POST may write: send it again only when the server said it did nothing.
            let replay = match call.method {
                Method::Get => Replay::Any,
                Method::Post => Replay::OnlyUnprocessed,
            };
            let result = async {
                let body = transport::send(&shared, &call, start, signal.as_ref(), replay).await?;
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

fn password_of(options: &JsValue) -> Option<String> {
    match interop::to_arg(&interop::prop(options, "password")) {
        Arg::Str(s) => Some(s),
        _ => None,
    }
}
