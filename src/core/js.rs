//! Option values that only JavaScript can hold (a function, an `AbortSignal`, a `Date`),
//! and the option value shapes that are not plain serde types (header and query maps,
//! JSON bodies).
//!
//! The package copies the caller's options in JavaScript first (inside a `try/catch`, so
//! that no getter or proxy can throw through WebAssembly). The copy marks every value
//! that is not plain data as a one-key-first object `{ "fourws:js": kind, value }`:
//! `kind` is `"function"`, `"AbortSignal"` or `"Date"` (its `value` is the function, the
//! signal, or the Date's epoch milliseconds), or a description of a value that options
//! cannot hold (`"a symbol"`, `"a Map"`, `"a value whose getter throws"`).
//! [`super::value`] sets functions and signals aside as handles (in wasm the JS values
//! themselves, through `serde_wasm_bindgen::preserve`; natively, where the same marks are
//! plain JSON, nothing) and presents each mark to the types here as
//! `{ "fourws:js": kind, "value": index or milliseconds }`.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::Deserialize;
use std::fmt;

/// The key that marks a value the JavaScript copy could not pass as plain data.
pub const TAG: &str = "fourws:js";

/// How a message names a marked value of `kind`.
pub fn describe_kind(kind: &str) -> String {
    match kind {
        "function" => "a function".into(),
        "AbortSignal" => "an AbortSignal".into(),
        "Date" => "a Date".into(),
        other => other.chars().take(80).collect(),
    }
}

/// A marked value, as read.
enum Marked {
    /// A function or an `AbortSignal`: its kind and its index in the handles.
    Handle(String, u32),
    /// A `Date`, as epoch milliseconds (NaN for an invalid Date).
    Date(f64),
    /// Anything else the copy could not pass (its description).
    Other(String),
}

/// Reads the rest of a marked object whose first key was [`TAG`] (as
/// [`super::value`] presents it: `value` is a handle's index or a Date's milliseconds).
fn read_marked<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Marked, A::Error> {
    let kind: String = map.next_value()?;
    let value = match map.next_key::<de::IgnoredAny>()? {
        Some(_) => Some(map.next_value::<f64>()?),
        None => None,
    };
    while map.next_key::<de::IgnoredAny>()?.is_some() {
        map.next_value::<de::IgnoredAny>()?;
    }
    Ok(match (kind.as_str(), value) {
        ("function" | "AbortSignal", Some(i)) if i >= 0.0 && i <= f64::from(u32::MAX) => {
            Marked::Handle(kind, i as u32)
        }
        ("Date", v) => Marked::Date(v.unwrap_or(f64::NAN)),
        _ => Marked::Other(kind),
    })
}

fn unexpected_marked<E: de::Error>(m: &Marked, expected: &dyn de::Expected) -> E {
    let what = match m {
        Marked::Handle(kind, _) => describe_kind(kind),
        Marked::Date(_) => "a Date".into(),
        Marked::Other(kind) => describe_kind(kind),
    };
    E::invalid_type(Unexpected::Other(&what), expected)
}

/// Reads a map that must be a marked value; any other object is refused as `expected`.
fn visit_marked<'de, A: MapAccess<'de>>(
    mut map: A,
    expected: &dyn de::Expected,
) -> Result<Marked, A::Error> {
    match map.next_key::<String>()? {
        Some(k) if k == TAG => read_marked(&mut map),
        _ => Err(de::Error::invalid_type(Unexpected::Map, expected)),
    }
}

macro_rules! handle_type {
    ($name:ident, $kind:literal, $expecting:literal, $doc:literal) => {
        #[doc = $doc]
        #[doc = ""]
        #[doc = "Holds the value's index in the handles the options were read with."]
        #[derive(Clone, Copy, Debug)]
        pub struct $name(pub u32);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<$name, A::Error> {
                        match visit_marked(map, &self)? {
                            Marked::Handle(kind, h) if kind == $kind => Ok($name(h)),
                            other => Err(unexpected_marked(&other, &self)),
                        }
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
}

handle_type!(
    JsFunction,
    "function",
    "a function",
    "A JavaScript function option (`fetch`, `onRequest`)."
);
handle_type!(
    JsSignal,
    "AbortSignal",
    "an AbortSignal",
    "An `AbortSignal` option (`signal`)."
);

/// The `invalidRecords` option: `"throw"` or a function.
#[derive(Clone, Copy, Debug)]
pub enum InvalidRecordsArg {
    /// `"throw"`.
    Throw,
    /// A function that receives each invalid record (its index in the handles).
    Callback(u32),
}

impl<'de> Deserialize<'de> for InvalidRecordsArg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = InvalidRecordsArg;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("\"throw\" or a function that receives each invalid record")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                if s == "throw" {
                    Ok(InvalidRecordsArg::Throw)
                } else {
                    Err(E::invalid_value(Unexpected::Str(s), &self))
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                match visit_marked(map, &self)? {
                    Marked::Handle(kind, h) if kind == "function" => {
                        Ok(InvalidRecordsArg::Callback(h))
                    }
                    other => Err(unexpected_marked(&other, &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// `fromDateTime`: a `Date` or a string.
#[derive(Clone, Debug, PartialEq)]
pub enum DateArg {
    /// A `Date`, as epoch milliseconds (NaN for an invalid Date).
    Date(f64),
    /// A string, to be checked against the wire format.
    Text(String),
}

impl<'de> Deserialize<'de> for DateArg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DateArg;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Date or a string \"yyyy-MM-dd HH:mm:ss\" (GMT)")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(DateArg::Text(s.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                match visit_marked(map, &self)? {
                    Marked::Date(ms) => Ok(DateArg::Date(ms)),
                    other => Err(unexpected_marked(&other, &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A value sent as text (a header or query parameter): a string, a number, a boolean or
/// a `Date` (the last two only where the option allows them).
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    /// A string.
    Text(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A `Date`, as epoch milliseconds.
    Date(f64),
}

/// Reads a [`Scalar`], saying `.0` is what was expected when it is none.
struct ScalarVisitor(&'static str);

/// What a query parameter may be.
const QUERY_VALUE: &str = "a string, number, boolean or Date";
/// What a header may be.
const HEADER_VALUE: &str = "a string or a number";

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Option<Scalar>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Text(s.to_owned())))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Number(n)))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Number(n as f64)))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Number(n as f64)))
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Bool(b)))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        match visit_marked(map, &self)? {
            Marked::Date(ms) => Ok(Some(Scalar::Date(ms))),
            other => Err(unexpected_marked(&other, &self)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for ScalarVisitor {
    type Value = Option<Scalar>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Reads an object of names to scalars, in order, leaving `null` values out.
fn scalars<'de, A: MapAccess<'de>>(
    mut map: A,
    expected: &dyn de::Expected,
    value: &'static str,
) -> Result<Vec<(String, Scalar)>, A::Error> {
    let mut out = Vec::new();
    while let Some(k) = map.next_key::<String>()? {
        if k == TAG {
            let m = read_marked(&mut map)?;
            return Err(unexpected_marked(&m, expected));
        }
        if out.len() >= 1000 {
            return Err(de::Error::invalid_length(1001, &"at most 1000 entries"));
        }
        if let Some(v) = map.next_value_seed(ScalarVisitor(value))? {
            out.push((k, v));
        }
    }
    Ok(out)
}

macro_rules! scalar_map {
    ($name:ident, $value:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name(pub Vec<(String, Scalar)>);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<$name, A::Error> {
                        scalars(map, &self, $value).map($name)
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
}

scalar_map!(
    ScalarMap,
    QUERY_VALUE,
    "The `query` option: names to strings, numbers, booleans or `Date`s, in the caller's \
     order (`null` values left out)."
);
scalar_map!(
    HeaderMap,
    HEADER_VALUE,
    "The `headers` option: names to strings or numbers, in the caller's order (`null` \
     values left out). A `Headers` object arrives here as a plain object."
);

/// A JSON value given by the caller (a request `body`), with `Date`s kept as dates.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonArg {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (JSON cannot hold NaN or infinities: those are refused when written).
    Number(f64),
    /// A string.
    Str(String),
    /// A `Date`, as epoch milliseconds.
    Date(f64),
    /// An array.
    Array(Vec<JsonArg>),
    /// An object, in the caller's order.
    Object(Vec<(String, JsonArg)>),
}

/// The deepest nesting a body may have.
pub const MAX_DEPTH: usize = 32;

struct JsonVisitor(usize);

impl<'de> DeserializeSeed<'de> for JsonVisitor {
    type Value = JsonArg;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<JsonArg, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = JsonArg;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value JSON can hold")
    }
    fn visit_unit<E: de::Error>(self) -> Result<JsonArg, E> {
        Ok(JsonArg::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<JsonArg, E> {
        Ok(JsonArg::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<JsonArg, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<JsonArg, E> {
        Ok(JsonArg::Bool(b))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<JsonArg, E> {
        Ok(JsonArg::Number(n))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<JsonArg, E> {
        Ok(JsonArg::Number(n as f64))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<JsonArg, E> {
        Ok(JsonArg::Number(n as f64))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<JsonArg, E> {
        Ok(JsonArg::Str(s.to_owned()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<JsonArg, E> {
        Ok(JsonArg::Str(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonArg, A::Error> {
        if self.0 >= MAX_DEPTH {
            return Err(de::Error::invalid_type(
                Unexpected::Other("a too deeply nested array"),
                &self,
            ));
        }
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(JsonVisitor(self.0 + 1))? {
            out.push(v);
        }
        Ok(JsonArg::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonArg, A::Error> {
        if self.0 >= MAX_DEPTH {
            return Err(de::Error::invalid_type(
                Unexpected::Other("a too deeply nested object"),
                &self,
            ));
        }
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            if k == TAG && out.is_empty() {
                return match read_marked(&mut map)? {
                    Marked::Date(ms) => Ok(JsonArg::Date(ms)),
                    other => Err(unexpected_marked(&other, &self)),
                };
            }
            out.push((k, map.next_value_seed(JsonVisitor(self.0 + 1))?));
        }
        Ok(JsonArg::Object(out))
    }
}

impl<'de> Deserialize<'de> for JsonArg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonVisitor(0))
    }
}
