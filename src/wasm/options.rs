//! The one place where the caller's option objects become Rust values: `copy.js` copies
//! them (inside try/catch, so nothing the caller wrote can throw through WebAssembly),
//! serde-wasm-bindgen reads the copy into a core `Value` (keeping functions and
//! `AbortSignal`s as the caller's own JS values, through `preserve`), the option types
//! are read from it with serde, and their `validate()` checks them.

use crate::core::call::{AllOptions, Call};
use crate::core::endpoint::Endpoint;
use crate::core::error::Error;
use crate::core::js::{JsFunction, JsSignal};
use crate::core::options::{ClientConfig, ClientOptions};
use crate::core::value::{Read, Value};
use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/src/wasm/copy.js")]
extern "C" {
    /// Copies the caller's value into plain data and marked values; never throws.
    #[wasm_bindgen(js_name = copyOptions)]
    fn copy_options(v: &JsValue) -> JsValue;
}

/// The caller's options copied and read, or `None` when they left them out
/// (`undefined`/`null`).
fn read(options: &JsValue) -> Result<Option<Read>, Error> {
    let copy = copy_options(options);
    if copy.is_null() || copy.is_undefined() {
        return Ok(None);
    }
    Read::from(serde_wasm_bindgen::Deserializer::from(copy)).map(Some)
}

fn empty() -> Read {
    Read {
        value: Value::Object(Vec::new()),
        handles: Vec::new(),
    }
}

fn handle(read: &Read, index: u32) -> JsValue {
    read.handles
        .get(index as usize)
        .cloned()
        .unwrap_or(JsValue::UNDEFINED)
}

fn function(read: &Read, f: Option<JsFunction>) -> Option<Function> {
    // copy.js marks only values whose `typeof` is "function".
    f.map(|f| handle(read, f.0))
        .filter(JsValue::is_function)
        .map(JsCast::unchecked_into)
}

fn signal(read: &Read, s: Option<JsSignal>) -> Option<AbortSignal> {
    // copy.js marks only values that are `instanceof AbortSignal`.
    s.map(|s| handle(read, s.0))
        .filter(JsValue::is_object)
        .map(JsCast::unchecked_into)
}

/// `new Client(options)`, checked.
pub struct ClientParts {
    /// The validated options.
    pub config: ClientConfig,
    /// The caller's `fetch`.
    pub fetch: Option<Function>,
    /// The caller's `onRequest`.
    pub on_request: Option<Function>,
}

/// Reads and checks `new Client(options)`. On failure, also returns the password the
/// caller gave (if it could be read), so that the error can be masked with it.
pub fn client(options: &JsValue) -> Result<ClientParts, (Error, Option<String>)> {
    let read = match read(options) {
        Ok(Some(read)) => read,
        Ok(None) => {
            return Err((
                Error::invalid_argument(
                    "new Client(options) needs an options object with at least baseUrl and \
                     applicationId",
                ),
                None,
            ))
        }
        Err(e) => return Err((e, None)),
    };
    let password = match &read.value {
        Value::Object(entries) => entries.iter().find_map(|(k, v)| match v {
            Value::Str(s) if k == "password" => Some(s.clone()),
            _ => None,
        }),
        _ => None,
    };
    let parsed = ClientOptions::parse(&read.value).and_then(|o| {
        let config = o.validate()?;
        Ok(ClientParts {
            config,
            fetch: function(&read, o.fetch),
            on_request: function(&read, o.on_request),
        })
    });
    parsed.map_err(|e| (e, password))
}

/// Reads and checks the options of `endpoint`'s `Client` method.
pub fn call(
    endpoint: &'static Endpoint,
    options: &JsValue,
) -> Result<(Call, Option<AbortSignal>), Error> {
    let read = read(options)
        .map_err(|e| e.with_cmd(endpoint.cmd))?
        .unwrap_or_else(empty);
    Call::parse(endpoint, &read.value).map(|(c, s)| (c, signal(&read, s)))
}

/// Reads and checks the options of `client.request()`.
pub fn request(options: &JsValue) -> Result<(Call, Option<AbortSignal>), Error> {
    let read = read(options)?.unwrap_or_else(empty);
    Call::parse_request(&read.value).map(|(c, s)| (c, signal(&read, s)))
}

/// `Paginator.all(options)`: the `limit`, or `undefined`; throws the error object of an
/// `invalidArgument` error.
#[wasm_bindgen(js_name = allLimit)]
pub fn all_limit(options: JsValue) -> Result<JsValue, JsValue> {
    let limit = match read(&options) {
        Ok(Some(read)) => AllOptions::parse(&read.value),
        Ok(None) => Ok(None),
        Err(e) => Err(e),
    };
    match limit {
        Ok(l) => Ok(l.map_or(JsValue::UNDEFINED, |l| JsValue::from_f64(l as f64))),
        Err(e) => Err(super::interop::error_value(&e)),
    }
}
