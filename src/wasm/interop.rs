//! The one place where JavaScript values become Rust values and back: any JS value into
//! an [`Arg`] for the core to check, and core errors into the plain objects the
//! package's `FourWsError` is built from.

use crate::core::args::Arg;
use crate::core::error::{Error, Kind};
use js_sys::{Array, Date, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

/// Deepest nesting converted; deeper values become `Other`, which the core refuses.
const MAX_DEPTH: usize = 16;
/// Most properties or elements converted from one object or array.
const MAX_ENTRIES: u32 = 10_000;

/// Converts any JS value for checking by the core. Never throws: getters that throw and
/// exotic objects turn into `Arg::Other`.
pub fn to_arg(v: &JsValue) -> Arg {
    to_arg_at(v, 0)
}

fn to_arg_at(v: &JsValue, depth: usize) -> Arg {
    if v.is_undefined() {
        return Arg::Undefined;
    }
    if v.is_null() {
        return Arg::Null;
    }
    if let Some(b) = v.as_bool() {
        return Arg::Bool(b);
    }
    if let Some(n) = v.as_f64() {
        return Arg::Number(n);
    }
    if let Some(s) = v.as_string() {
        return Arg::Str(s);
    }
    if v.is_function() {
        return Arg::Function;
    }
    if v.is_symbol() {
        return Arg::Other("a symbol".into());
    }
    if v.is_bigint() {
        return Arg::Other("a bigint".into());
    }
    if let Some(d) = v.dyn_ref::<Date>() {
        return Arg::Date(d.get_time());
    }
    if v.dyn_ref::<AbortSignal>().is_some() {
        return Arg::Signal;
    }
    if depth >= MAX_DEPTH {
        return Arg::Other("a too deeply nested value".into());
    }
    if Array::is_array(v) {
        let a: &Array = v.unchecked_ref();
        if a.length() > MAX_ENTRIES {
            return Arg::Other(format!("an array of {} elements", a.length()));
        }
        return Arg::Array(a.iter().map(|x| to_arg_at(&x, depth + 1)).collect());
    }
    if !v.is_object() {
        return Arg::Other("an unsupported value".into());
    }
    // Plain objects only: a Map, a class instance, ... is named, not read.
    let proto = js_sys::Object::get_prototype_of(v);
    if !proto.is_null() && proto != js_sys::Object::get_prototype_of(&js_sys::Object::new()) {
        let name = Reflect::get(&proto, &"constructor".into())
            .ok()
            .and_then(|c| Reflect::get(&c, &"name".into()).ok())
            .and_then(|n| n.as_string())
            .unwrap_or_else(|| "object".into());
        return Arg::Other(format!("a {name}"));
    }
    let Ok(keys) = Reflect::own_keys(v) else {
        return Arg::Other("an object whose keys cannot be read".into());
    };
    if keys.length() > MAX_ENTRIES {
        return Arg::Other(format!("an object of {} properties", keys.length()));
    }
    let obj: &js_sys::Object = v.unchecked_ref();
    let mut props = Vec::new();
    for key in keys.iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        if !obj.property_is_enumerable(&key) {
            continue;
        }
        let value = match Reflect::get(v, &key) {
            Ok(x) => to_arg_at(&x, depth + 1),
            Err(_) => Arg::Other("a property whose getter throws".into()),
        };
        props.push((name, value));
    }
    Arg::Object(props)
}

/// Reads property `name` of an options object without throwing.
pub fn prop(obj: &JsValue, name: &str) -> JsValue {
    if !obj.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(obj, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Reads a function-valued option.
pub fn function(obj: &JsValue, name: &str) -> Option<Function> {
    prop(obj, name).dyn_into::<Function>().ok()
}

/// Reads an `AbortSignal`-valued option.
pub fn signal(obj: &JsValue, name: &str) -> Option<AbortSignal> {
    prop(obj, name).dyn_into::<AbortSignal>().ok()
}

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

/// An error for a JS exception that escaped a user-supplied function (`fetch`, ...).
pub fn js_error(kind: Kind, what: &str, err: &JsValue) -> Error {
    let detail = err
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| err.as_string())
        .unwrap_or_default();
    let mut msg = what.to_owned();
    if !detail.is_empty() {
        msg.push_str(": ");
        msg.push_str(&detail.chars().take(300).collect::<String>());
    }
    Error::new(kind, msg)
}
