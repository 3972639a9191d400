//! How the option values only JavaScript holds are read in wasm: serde-wasm-bindgen's
//! `preserve` hands over the caller's JS value itself (a function, an `AbortSignal`, a
//! `Date`), and [`describe`] names any value a message says came instead.

use crate::core::js::{
    AbortSignal, DateArg, InvalidRecordsArg, JsFunction, JsonArg, JsonVisitor, MapValue, Nested,
    Scalar, ScalarVisitor, DATE_OR_TEXT, HEADER_VALUE, INVALID_RECORDS, QUERY_VALUE,
};
use crate::core::option_errors::{number, show};
use js_sys::{Date, Object, Reflect};
use serde::de::{self, DeserializeSeed, Deserializer};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};

/// The caller's value itself.
fn preserve<'de, D: Deserializer<'de>>(d: D) -> Result<JsValue, D::Error> {
    serde_wasm_bindgen::preserve::deserialize(d)
}

/// "must be `expected`, got ..." for a value that came instead.
fn refuse<E: de::Error>(expected: &str, v: &JsValue) -> E {
    E::custom(format_args!("must be {expected}, got {}", describe(v)))
}

/// Names a JS value in a message, with its article ("the string \"x\"", "an array",
/// "a Map", "an object that is not a plain object").
pub fn describe(v: &JsValue) -> String {
    if v.is_null() || v.is_undefined() {
        return "null".into();
    }
    if let Some(b) = v.as_bool() {
        return b.to_string();
    }
    if let Some(n) = v.as_f64() {
        return number(n);
    }
    if let Some(s) = v.as_string() {
        return format!("the string {}", show(&s));
    }
    if v.is_symbol() {
        return "a symbol".into();
    }
    if v.is_bigint() {
        return "a bigint".into();
    }
    if v.is_function() {
        return "a function".into();
    }
    if js_sys::Array::is_array(v) {
        return "an array".into();
    }
    match kind_of_object(v) {
        Some(name) => name,
        None => "an object".into(),
    }
}

/// For an object that is not a plain object: what it is ("a Map", "an AbortSignal").
pub fn kind_of_object(v: &JsValue) -> Option<String> {
    let obj = v.dyn_ref::<Object>()?;
    let proto = Object::get_prototype_of(obj);
    if proto.is_null() || proto == Object::get_prototype_of(&Object::new()) {
        return None;
    }
    let name = Reflect::get(&proto, &"constructor".into())
        .ok()
        .and_then(|c| Reflect::get(&c, &"name".into()).ok())
        .and_then(|n| n.as_string())
        .filter(|n| !n.is_empty() && n != "Object");
    Some(match name {
        Some(n) if n.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) => {
            format!("an {}", n.chars().take(60).collect::<String>())
        }
        Some(n) => format!("a {}", n.chars().take(60).collect::<String>()),
        None => "an object that is not a plain object".into(),
    })
}

impl<'de> Deserialize<'de> for JsFunction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = preserve(d)?;
        if v.is_function() {
            Ok(JsFunction(v))
        } else {
            Err(refuse("a function", &v))
        }
    }
}

impl<'de> Deserialize<'de> for AbortSignal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = preserve(d)?;
        if v.is_instance_of::<web_sys::AbortSignal>() {
            Ok(AbortSignal(v))
        } else {
            Err(refuse("an AbortSignal", &v))
        }
    }
}

impl<'de> Deserialize<'de> for InvalidRecordsArg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = preserve(d)?;
        if v.is_function() {
            Ok(InvalidRecordsArg::Callback(JsFunction(v)))
        } else if v.as_string().as_deref() == Some("throw") {
            Ok(InvalidRecordsArg::Throw)
        } else {
            Err(refuse(INVALID_RECORDS, &v))
        }
    }
}

impl<'de> Deserialize<'de> for DateArg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = preserve(d)?;
        if let Some(date) = v.dyn_ref::<Date>() {
            Ok(DateArg::Date(date.get_time()))
        } else if let Some(s) = v.as_string() {
            Ok(DateArg::Text(s))
        } else {
            Err(refuse(DATE_OR_TEXT, &v))
        }
    }
}

impl<'de, const DATES: bool> Deserialize<'de> for MapValue<DATES> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let expected = if DATES { QUERY_VALUE } else { HEADER_VALUE };
        let v = preserve(d)?;
        if let Some(date) = v.dyn_ref::<Date>() {
            return if DATES {
                Ok(MapValue(Some(Scalar::Date(date.get_time()))))
            } else {
                Err(refuse(expected, &v))
            };
        }
        if v.is_object() || v.is_function() || v.is_symbol() || v.is_bigint() {
            return Err(refuse(expected, &v));
        }
        serde_wasm_bindgen::Deserializer::from(v)
            .deserialize_any(ScalarVisitor(expected))
            .map(MapValue)
            .map_err(de::Error::custom)
    }
}

impl<'de> DeserializeSeed<'de> for Nested {
    type Value = JsonArg;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<JsonArg, D::Error> {
        let v = preserve(d)?;
        if let Some(date) = v.dyn_ref::<Date>() {
            return Ok(JsonArg::Date(date.get_time()));
        }
        let exotic = !js_sys::Array::is_array(&v) && kind_of_object(&v).is_some();
        if v.is_function() || v.is_symbol() || v.is_bigint() || exotic {
            return Err(refuse("a value JSON can hold", &v));
        }
        serde_wasm_bindgen::Deserializer::from(v)
            .deserialize_any(JsonVisitor(self.0))
            .map_err(de::Error::custom)
    }
}
