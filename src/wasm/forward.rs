//! `checkForward`, `forwardMethod` and `secretForms`: the core's check of a call the
//! server-side proxy (`fourws/proxy`) is asked to forward, and the forms of the password it
//! masks in what it passes back, for the package's `proxy.js`.

use super::interop;
use crate::core::forward;
use crate::core::secret::Secret;
use wasm_bindgen::prelude::*;

/// Checks one call: `method`, the query as flat `[name, value, name, value, ...]` (decoded,
/// in order) and the body's text. Returns the normalised call as JSON
/// (`{"cmd","method","query":{..},"body":{..}|null}`); throws the error object of an
/// `invalidArgument` error whose `status` is 400 or 405.
#[wasm_bindgen(js_name = checkForward)]
pub fn check_forward(method: &str, query: Vec<String>, body: &str) -> Result<String, JsValue> {
    let pairs: Vec<(String, String)> = query
        .chunks(2)
        .map(|kv| {
            (
                kv.first().cloned().unwrap_or_default(),
                kv.get(1).cloned().unwrap_or_default(),
            )
        })
        .collect();
    forward::check(method, &pairs, body)
        .map(|f| f.to_json())
        .map_err(|e| interop::error_value(&e))
}

/// The HTTP method of a 4WS command the proxy can check, or `undefined` for any other.
#[wasm_bindgen(js_name = forwardMethod)]
pub fn forward_method(cmd: &str) -> Option<String> {
    forward::endpoint_of(cmd).map(|e| e.method.as_str().to_owned())
}

/// Every form in which `password` may come back from a server (as sent, JSON-escaped,
/// URL-encoded, base64 alone or as `username:password`), longest first: the client's own
/// masks, for the proxy to replace in upstream answers.
#[wasm_bindgen(js_name = secretForms)]
pub fn secret_forms(password: &str, username: Option<String>) -> Vec<String> {
    Secret::new(Some(password), username.as_deref())
        .forms()
        .to_vec()
}
