//! The one place where the caller's option objects become Rust values: serde-wasm-bindgen
//! reads each object straight into its option type (see `crate::core::options`), after a
//! check that it is a plain object. Reading runs the caller's getters: the package calls
//! these functions inside one `try/catch` (`fourws.js`), so a getter or a Proxy that throws
//! becomes an `invalidArgument` error there.

use super::values::{describe, kind_of_object};
use crate::core::call::{AllOptions, Call};
use crate::core::endpoint::Endpoint;
use crate::core::error::{Error, Result};
use crate::core::js::{AbortSignal, InvalidRecordsArg, JsFunction};
use crate::core::options::{ClientConfig, ClientOptions};
use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The deserializer over the caller's options, or an empty object when they left them
/// out (`undefined`/`null`); refuses anything but a plain object.
fn source(what: &str, options: &JsValue) -> Result<serde_wasm_bindgen::Deserializer> {
    if options.is_null() || options.is_undefined() {
        return Ok(serde_wasm_bindgen::Deserializer::from(JsValue::from(
            Object::new(),
        )));
    }
    if !options.is_object() || js_sys::Array::is_array(options) || kind_of_object(options).is_some()
    {
        return Err(Error::invalid_argument(format!(
            "{what} must be an object, got {}",
            describe(options)
        )));
    }
    Ok(serde_wasm_bindgen::Deserializer::from(options.clone()))
}

fn function(f: Option<JsFunction>) -> Option<Function> {
    // Only a value whose `typeof` is "function" is read as a `JsFunction`.
    f.map(|f| f.0.unchecked_into())
}

fn signal(s: Option<AbortSignal>) -> Option<web_sys::AbortSignal> {
    // Only an `instanceof AbortSignal` is read as an `AbortSignal`.
    s.map(|s| s.0.unchecked_into())
}

/// `new Client(options)`, checked.
pub struct ClientParts {
    /// The validated options.
    pub config: ClientConfig,
    /// The caller's `fetch`.
    pub fetch: Option<Function>,
    /// The caller's `onRequest`.
    pub on_request: Option<Function>,
    /// The caller's `invalidRecords` callback.
    pub on_invalid: Option<Function>,
}

/// Reads and checks `new Client(options)`. On failure, also returns the password the
/// caller gave (if it could be read), so that the error can be masked with it.
pub fn client(options: &JsValue) -> std::result::Result<ClientParts, (Error, Option<String>)> {
    const WHAT: &str = crate::core::options::CLIENT;
    if options.is_null() || options.is_undefined() {
        return Err((
            Error::invalid_argument(
                "new Client(options) needs an options object with at least baseUrl and \
                 applicationId",
            ),
            None,
        ));
    }
    let read = source(WHAT, options)
        .and_then(|d| crate::core::option_errors::read::<ClientOptions, _>(WHAT, d));
    let o = match read {
        Ok(o) => o,
        Err(e) => {
            // The options could not be read whole: mask what the caller gave as password.
            let password = js_sys::Reflect::get(options, &"password".into())
                .ok()
                .and_then(|p| p.as_string());
            return Err((e, password));
        }
    };
    match o.validate() {
        Ok(config) => Ok(ClientParts {
            config,
            fetch: function(o.fetch),
            on_request: function(o.on_request),
            on_invalid: callback(o.invalid_records),
        }),
        Err(e) => Err((e, o.password)),
    }
}

/// The function of an `invalidRecords` option, if it is one.
fn callback(v: Option<InvalidRecordsArg>) -> Option<Function> {
    match v {
        Some(InvalidRecordsArg::Callback(f)) => function(Some(f)),
        _ => None,
    }
}

/// Reads and checks the options of `endpoint`'s `Client` method.
pub fn call(
    endpoint: &'static Endpoint,
    options: &JsValue,
) -> Result<(Call, Option<web_sys::AbortSignal>)> {
    let what = format!("{} options", endpoint.method_name);
    let d = source(&what, options).map_err(|e| e.with_cmd(endpoint.cmd))?;
    Call::parse(endpoint, d).map(|(c, s)| (c, signal(s)))
}

/// Reads and checks the options of `client.request()`.
pub fn request(options: &JsValue) -> Result<(Call, Option<web_sys::AbortSignal>)> {
    let d = source("request options", options)?;
    Call::parse_request(d).map(|(c, s)| (c, signal(s)))
}

/// `Paginator.all(options)`: the `limit`, or `undefined`; throws the error object of an
/// `invalidArgument` error.
#[wasm_bindgen(js_name = allLimit)]
pub fn all_limit(options: JsValue) -> std::result::Result<JsValue, JsValue> {
    let limit = source(crate::core::call::ALL_OPTIONS, &options).and_then(AllOptions::parse);
    match limit {
        Ok(l) => Ok(l.map_or(JsValue::UNDEFINED, |l| JsValue::from_f64(l as f64))),
        Err(e) => Err(super::interop::error_value(&e)),
    }
}
