//! Core errors into `FourWsError` instances (the package hands over its class once).

use crate::core::error::Error;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;

thread_local! {
    /// The package's `FourWsError` class, once the package has handed it over.
    static ERROR_CLASS: std::cell::RefCell<Option<Function>> = const { std::cell::RefCell::new(None) };
}

/// Hands the wasm module the package's `FourWsError` class, so that every error is built
/// here, once, as an instance of it (the package calls this before its first use).
#[wasm_bindgen(js_name = useErrorClass)]
pub fn use_error_class(class: Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(class));
}

/// The `FourWsError` for `e` (mask the password first: [`Error::masked`]): an instance of
/// the package's class, `new FourWsError(kind, message, details)`; a plain object with the
/// same fields where no class was handed over (the wasm-bindgen tests).
pub fn error_value(e: &Error) -> JsValue {
    let fields = js_sys::JSON::parse(&e.to_json())
        .unwrap_or_else(|_| JsValue::from_str("fourws: an error could not be reported"));
    let class = ERROR_CLASS.with(|c| c.borrow().clone());
    let Some(class) = class else {
        return fields;
    };
    let args = Array::of3(
        &JsValue::from_str(e.kind.as_str()),
        &JsValue::from_str(&e.message),
        &fields,
    );
    Reflect::construct(&class, &args).unwrap_or(fields)
}
