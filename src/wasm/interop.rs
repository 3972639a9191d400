//! Core errors into the plain objects the package's `FourWsError` is built from.

use crate::core::error::Error;
use wasm_bindgen::prelude::*;

/// The plain object a `FourWsError` is made from, with the password masked.
pub fn error_value(e: &Error, secret: Option<&str>) -> JsValue {
    let mut e = e.clone();
    if let Some(s) = secret.filter(|s| !s.is_empty()) {
        e.message = e.message.replace(s, "***");
        e.path = e.path.map(|p| p.replace(s, "***"));
        e.cmd = e.cmd.map(|c| c.replace(s, "***"));
    }
    js_sys::JSON::parse(&e.to_json())
        .unwrap_or_else(|_| JsValue::from_str("fourws: an error could not be reported"))
}
