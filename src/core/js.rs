//! The option values that are not plain serde types: JavaScript values kept as they are
//! (a function, an `AbortSignal`), `Date | string`, header and query maps, JSON bodies,
//! and bounded whole numbers checked while they are read.
//!
//! In wasm, serde-wasm-bindgen reads the caller's object directly; a function, a signal
//! or a `Date` is taken as the JS value itself through `serde_wasm_bindgen::preserve`
//! (those `Deserialize` impls live in `src/wasm/values.rs`). Natively (tests, fuzzing)
//! the same types read JSON, where such a value is written as a marker object
//! `{"fourws:js": "function"}`, `{"fourws:js": "AbortSignal"}` or
//! `{"fourws:js": "Date", "value": epochMs}` (see [`native`]).

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// A JavaScript value kept as it is: in wasm the value itself, natively nothing.
#[cfg(target_arch = "wasm32")]
pub type Handle = wasm_bindgen::JsValue;
/// A JavaScript value kept as it is: in wasm the value itself, natively nothing.
#[cfg(not(target_arch = "wasm32"))]
pub type Handle = ();

/// A JavaScript function option (`fetch`, `onRequest`, an `invalidRecords` callback).
#[derive(Clone, Debug)]
pub struct JsFunction(pub Handle);

/// An `AbortSignal` option (`signal`); named after the JS type, so that its TypeScript
/// is that type.
#[derive(Clone, Debug)]
pub struct AbortSignal(pub Handle);

/// A `cache.store` option: an object with `get`, `set` and `delete` functions (a Keyv
/// instance, `idbStore()`, a `Map`...).
#[derive(Clone, Debug)]
pub struct JsStore(pub Handle);

/// What `cache.store` must be.
pub const STORE: &str = "an object with get(key), set(key, value) and delete(key) functions \
     (sync or async), such as a Keyv instance or idbStore() from \"fourws/idb\"";

/// The `invalidRecords` option: `"throw"` or a function.
// "throw" or a JS function: the function half has no Rust type to declare.
#[derive(Clone, Debug, tsify::Tsify)]
#[tsify(type = "\"throw\" | ((record: InvalidRecord) => void)")]
pub enum InvalidRecordsArg {
    /// `"throw"`.
    Throw,
    /// A function that receives each invalid record.
    Callback(JsFunction),
}

/// What `invalidRecords` must be.
pub const INVALID_RECORDS: &str = "\"throw\" or a function that receives each invalid record";

/// A JavaScript `Date`, held as its epoch milliseconds (NaN for an invalid Date); named
/// as TypeScript knows it (tsify writes a type by its Rust name).
pub type Date = f64;

/// `fromDateTime`: a `Date` or a string.
// Read by its own visitor (`src/wasm/values.rs`); `untagged` only tells tsify the shape.
#[derive(Clone, Debug, PartialEq, tsify::Tsify)]
#[serde(untagged)]
pub enum DateArg {
    /// A `Date`.
    Date(Date),
    /// A string, to be checked against the wire format.
    Text(String),
}

/// What `fromDateTime` must be.
pub const DATE_OR_TEXT: &str = "a Date or a string \"yyyy-MM-dd HH:mm:ss\" (GMT)";

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

/// A JSON value given by the caller (a request `body`), with `Date`s kept as dates.
// Any JSON-like JS value, Dates included: no Rust type says it.
#[derive(Clone, Debug, PartialEq, tsify::Tsify)]
#[tsify(type = "Record<string, unknown> | unknown[]")]
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
/// The most entries a header or query map may have.
pub const MAX_ENTRIES: usize = 1000;

/// Reads a scalar (not a `Date`: the caller of this visitor handles those).
pub struct ScalarVisitor(pub &'static str);

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
    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Some(Scalar::Text(s)))
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
}

/// What a query parameter may be.
pub const QUERY_VALUE: &str = "a string, number, boolean or Date";
/// What a header may be.
pub const HEADER_VALUE: &str = "a string or a number";

/// One value of a header or query map (`None`: `null`/`undefined`, left out).
pub struct MapValue<const DATES: bool>(pub Option<Scalar>);

/// Reads an object of names to scalars, in order, leaving `null` values out.
fn scalars<'de, A: MapAccess<'de>, const DATES: bool>(
    mut map: A,
) -> Result<Vec<(String, Scalar)>, A::Error> {
    let mut out = Vec::new();
    while let Some(k) = map.next_key::<String>()? {
        if out.len() >= MAX_ENTRIES {
            return Err(de::Error::custom(format_args!(
                "holds over {MAX_ENTRIES} entries"
            )));
        }
        if let MapValue::<DATES>(Some(v)) = map.next_value()? {
            out.push((k, v));
        }
    }
    Ok(out)
}

macro_rules! scalar_map {
    ($(#[$meta:meta])* $name:ident, $dates:literal, $doc:literal) => {
        #[doc = $doc]
        $(#[$meta])*
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
                        scalars::<A, $dates>(map).map($name)
                    }
                }
                d.deserialize_map(V)
            }
        }
    };
}

scalar_map!(
    // Values of several JS types, Dates among them (read in the caller's order, which a
    // Rust map type would not keep): no Rust type says it.
    #[derive(tsify::Tsify)]
    #[tsify(type = "Record<string, string | number | boolean | Date | null | undefined>")]
    RequestQuery,
    true,
    " The `query` option: names to strings, numbers, booleans or `Date`s, in the caller's \
     order (`null` and `undefined` values left out)."
);
scalar_map!(
    HeaderMap,
    false,
    "The `headers` option: names to strings or numbers, in the caller's order (`null` and \
     `undefined` values left out). A `Headers` object is read as its entries."
);

/// Builds JSON values for a body; `depth` guards the nesting.
pub struct JsonVisitor(pub usize);

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
            return Err(de::Error::custom("is too deeply nested"));
        }
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(Nested(self.0 + 1))? {
            out.push(v);
        }
        Ok(JsonArg::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonArg, A::Error> {
        if self.0 >= MAX_DEPTH {
            return Err(de::Error::custom("is too deeply nested"));
        }
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            #[cfg(not(target_arch = "wasm32"))]
            if k == native::TAG && out.is_empty() {
                return native::marked_date(map, &self).map(JsonArg::Date);
            }
            out.push((k, map.next_value_seed(Nested(self.0 + 1))?));
        }
        Ok(JsonArg::Object(out))
    }
}

/// A body value at a depth.
pub struct Nested(pub usize);

impl<'de> Deserialize<'de> for JsonArg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        de::DeserializeSeed::deserialize(Nested(0), d)
    }
}

/// A whole number in `min..=max`, checked while it is read (`null` reads as left out).
///
/// The bounds are fields, not const parameters: one visitor (and one instance of each
/// deserializer method it goes through) serves every bounded option, instead of one per
/// pair of bounds (smaller wasm).
pub struct Whole {
    min: u64,
    max: u64,
}

impl<'de> Visitor<'de> for Whole {
    type Value = Option<u64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<u64>, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<u64>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<u64>, D::Error> {
        d.deserialize_f64(self)
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Option<u64>, E> {
        if n.fract() == 0.0 && n >= self.min as f64 && n <= self.max as f64 {
            Ok(Some(n as u64))
        } else {
            Err(E::custom(format_args!(
                "must be a whole number from {} to {}, got {}",
                self.min,
                self.max,
                super::option_errors::number(n)
            )))
        }
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Option<u64>, E> {
        self.visit_f64(n as f64)
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Option<u64>, E> {
        self.visit_f64(n as f64)
    }
}

/// `#[serde(deserialize_with = "whole::<MIN, MAX>")]` for an `Option<u64>` option.
pub fn whole<'de, D: Deserializer<'de>, const MIN: u64, const MAX: u64>(
    d: D,
) -> Result<Option<u64>, D::Error> {
    whole_in(d, MIN, MAX)
}

/// [`whole`] with the bounds as values: one instance per deserializer, not per bounds.
#[inline(never)]
fn whole_in<'de, D: Deserializer<'de>>(d: D, min: u64, max: u64) -> Result<Option<u64>, D::Error> {
    d.deserialize_option(Whole { min, max })
}

/// `#[serde(deserialize_with = "required_whole::<MIN, MAX>")]` for a required `u64`.
pub fn required_whole<'de, D: Deserializer<'de>, const MIN: u64, const MAX: u64>(
    d: D,
) -> Result<u64, D::Error> {
    required_whole_in(d, MIN, MAX)
}

/// [`required_whole`] with the bounds as values.
#[inline(never)]
fn required_whole_in<'de, D: Deserializer<'de>>(d: D, min: u64, max: u64) -> Result<u64, D::Error> {
    Ok(d.deserialize_f64(Whole { min, max })?.unwrap_or(min))
}

/// Reads an options object (a struct) from a JS object's own properties, so that a
/// misspelt property is reported (serde-wasm-bindgen's struct reading looks up only the
/// known names); anything else is refused as "an object".
pub struct Strict<T>(pub T);

struct StrictVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for StrictVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Strict<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor(std::marker::PhantomData))
            .map(Strict)
    }
}

/// `#[serde(deserialize_with = "strict_option")]` for a nested options object.
pub fn strict_option<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Ok(Option::<Strict<T>>::deserialize(d)?.map(|s| s.0))
}

/// Native reading: JS-only values are marker objects in JSON (tests and fuzzing).
#[cfg(not(target_arch = "wasm32"))]
pub mod native {
    use super::*;

    /// The key of a marker object.
    pub const TAG: &str = "fourws:js";

    /// Reads the rest of a marker whose first key was [`TAG`]: its kind and its `value`.
    fn marker<'de, A: MapAccess<'de>>(mut map: A) -> Result<(String, Option<f64>), A::Error> {
        let kind: String = map.next_value()?;
        let mut value = None;
        while let Some(k) = map.next_key::<String>()? {
            if k == "value" {
                value = map.next_value::<Option<f64>>()?;
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        Ok((kind, value))
    }

    fn refuse<E: de::Error>(kind: &str, exp: &dyn de::Expected) -> E {
        let what = match kind {
            "function" => "a function".to_owned(),
            "AbortSignal" => "an AbortSignal".to_owned(),
            "Date" => "a Date".to_owned(),
            other => other.chars().take(80).collect(),
        };
        E::invalid_type(de::Unexpected::Other(&what), exp)
    }

    /// A marker's `Date` milliseconds (NaN when it has none), or an error for any other.
    pub fn marked_date<'de, A: MapAccess<'de>>(
        map: A,
        exp: &dyn de::Expected,
    ) -> Result<f64, A::Error> {
        match marker(map)? {
            (kind, v) if kind == "Date" => Ok(v.unwrap_or(f64::NAN)),
            (kind, _) => Err(refuse(&kind, exp)),
        }
    }

    /// Reads a map that must be a marker of `want`.
    fn marked<'de, A: MapAccess<'de>>(
        mut map: A,
        want: &str,
        exp: &dyn de::Expected,
    ) -> Result<(), A::Error> {
        match map.next_key::<String>()? {
            Some(k) if k == TAG => match marker(map)? {
                (kind, _) if kind == want => Ok(()),
                (kind, _) => Err(refuse(&kind, exp)),
            },
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, exp)),
        }
    }

    macro_rules! handle {
        ($ty:ident, $kind:literal, $expecting:literal) => {
            impl<'de> Deserialize<'de> for $ty {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    struct V;
                    impl<'de> Visitor<'de> for V {
                        type Value = $ty;
                        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                            f.write_str($expecting)
                        }
                        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<$ty, A::Error> {
                            marked(map, $kind, &self).map(|()| $ty(()))
                        }
                    }
                    d.deserialize_any(V)
                }
            }
        };
    }
    handle!(JsFunction, "function", "a function");
    handle!(AbortSignal, "AbortSignal", "an AbortSignal");
    handle!(
        JsStore,
        "store",
        "an object with get, set and delete functions"
    );

    impl<'de> Deserialize<'de> for InvalidRecordsArg {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = InvalidRecordsArg;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(INVALID_RECORDS)
                }
                fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                    match s {
                        "throw" => Ok(InvalidRecordsArg::Throw),
                        _ => Err(E::invalid_value(de::Unexpected::Str(s), &self)),
                    }
                }
                fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                    marked(map, "function", &self)
                        .map(|()| InvalidRecordsArg::Callback(JsFunction(())))
                }
            }
            d.deserialize_any(V)
        }
    }

    impl<'de> Deserialize<'de> for DateArg {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = DateArg;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(DATE_OR_TEXT)
                }
                fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                    Ok(DateArg::Text(s.to_owned()))
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    match map.next_key::<String>()? {
                        Some(k) if k == TAG => marked_date(map, &self).map(DateArg::Date),
                        _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
                    }
                }
            }
            d.deserialize_any(V)
        }
    }

    impl<'de, const DATES: bool> Deserialize<'de> for MapValue<DATES> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<const DATES: bool>;
            impl<'de, const DATES: bool> Visitor<'de> for V<DATES> {
                type Value = Option<Scalar>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(if DATES { QUERY_VALUE } else { HEADER_VALUE })
                }
                fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
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
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    match map.next_key::<String>()? {
                        Some(k) if k == TAG && DATES => {
                            marked_date(map, &self).map(|ms| Some(Scalar::Date(ms)))
                        }
                        Some(k) if k == TAG => Err(refuse(&marker(map)?.0, &self)),
                        _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
                    }
                }
            }
            d.deserialize_any(V::<DATES>).map(MapValue)
        }
    }

    impl<'de> de::DeserializeSeed<'de> for Nested {
        type Value = JsonArg;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<JsonArg, D::Error> {
            d.deserialize_any(JsonVisitor(self.0))
        }
    }
}
