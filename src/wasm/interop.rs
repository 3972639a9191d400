//! The one place where JavaScript values become Rust values and back: any JS value into
//! an [`Arg`] for the core to check, and core errors into the plain objects the
//! package's `FourWsError` is built from.

use crate::core::args::Arg;
use crate::core::error::Error;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/src/wasm/glue.js")]
extern "C" {
    /// Copies a caller's value into tagged tuples; never throws (see glue.js).
    fn sanitize(v: &JsValue) -> JsValue;
}

/// Converts any JS value for checking by the core. Never throws: the value is first
/// copied by `sanitize` in JavaScript (inside a try/catch), so getters and proxies that
/// throw become `Arg::Other` instead of an exception unwinding through WebAssembly.
pub fn to_arg(v: &JsValue) -> Arg {
    from_tagged(&sanitize(v))
}

fn from_tagged(t: &JsValue) -> Arg {
    let t: &Array = t.unchecked_ref();
    let payload = t.get(1);
    match t.get(0).as_string().as_deref() {
        Some("u") => Arg::Undefined,
        Some("z") => Arg::Null,
        Some("b") => Arg::Bool(payload.as_bool().unwrap_or(false)),
        Some("n") => Arg::Number(payload.as_f64().unwrap_or(f64::NAN)),
        Some("s") => Arg::Str(payload.as_string().unwrap_or_default()),
        Some("d") => Arg::Date(payload.as_f64().unwrap_or(f64::NAN)),
        Some("f") => Arg::Function,
        Some("g") => Arg::Signal,
        Some("a") => Arg::Array(
            payload
                .unchecked_ref::<Array>()
                .iter()
                .map(|x| from_tagged(&x))
                .collect(),
        ),
        Some("o") => Arg::Object(
            payload
                .unchecked_ref::<Array>()
                .iter()
                .map(|kv| {
                    let kv: Array = kv.unchecked_into();
                    (
                        kv.get(0).as_string().unwrap_or_default(),
                        from_tagged(&kv.get(1)),
                    )
                })
                .collect(),
        ),
        _ => Arg::Other(
            payload
                .as_string()
                .unwrap_or_else(|| "an unsupported value".into()),
        ),
    }
}

/// Reads property `name` of an options object without throwing.
pub fn prop(obj: &JsValue, name: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Reads a function-valued option (`typeof` only: no `instanceof` on the caller's value).
pub fn function(obj: &JsValue, name: &str) -> Option<Function> {
    let v = prop(obj, name);
    v.is_function().then(|| v.unchecked_into())
}

/// Reads an `AbortSignal`-valued option (checked inside `sanitize`'s try/catch).
pub fn signal(obj: &JsValue, name: &str) -> Option<AbortSignal> {
    let v = prop(obj, name);
    matches!(to_arg(&v), Arg::Signal).then(|| v.unchecked_into())
}

/// The plain object a `FourWsError` is made from, with the password masked.
pub fn error_value(e: &Error, secret: Option<&str>) -> JsValue {
    let mut e = e.clone();
    if let Some(s) = secret.filter(|s| !s.is_empty()) {
        e.message = e.message.replace(s, "***");
        e.path = e.path.map(|p| p.replace(s, "***"));
        e.cmd = e.cmd.map(|c| c.replace(s, "***"));
        e.server_message = e.server_message.map(|m| Box::new(m.replace(s, "***")));
    }
    js_sys::JSON::parse(&e.to_json())
        .unwrap_or_else(|_| JsValue::from_str("fourws: an error could not be reported"))
}
