//! `RawClient`: holds the validated options, the `fetch` and `onRequest` functions and the
//! rate-limit window shared by all of the client's paginators.

use super::interop;
use super::paginator::RawPaginator;
use super::shared::Shared;
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

fn password_of(options: &JsValue) -> Option<String> {
    match interop::to_arg(&interop::prop(options, "password")) {
        Arg::Str(s) => Some(s),
        _ => None,
    }
}
