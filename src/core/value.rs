//! A caller's options as a small dynamic value, and the serde `Deserializer` that reads
//! the typed option structs from it.
//!
//! Reading happens in two steps. First, any serde source (serde-wasm-bindgen over the
//! JavaScript copy of the options in wasm; JSON natively) is read once into a [`Value`],
//! setting the JavaScript values aside (a function or `AbortSignal` becomes an index into
//! a table of handles). Then the option types (`#[derive(Deserialize)]`) are read from
//! the `Value`. This keeps one instantiation of serde-wasm-bindgen instead of one per
//! option type (about 20 KB of wasm), lets native tests and fuzzing run exactly the path
//! wasm runs, and lets this deserializer's error type say what went wrong in a person's
//! words, with the option's path (`rateLimit.maxCalls`, `headers.x-a`, `body.items[2]`).

use super::error::{Error, Result};
use super::js::TAG;
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Unexpected,
    Visitor,
};
use serde::Deserialize;
use std::fmt;

/// A JavaScript value kept as it is: in wasm the value itself, natively nothing.
#[cfg(target_arch = "wasm32")]
pub type Handle = wasm_bindgen::JsValue;
/// A JavaScript value kept as it is: in wasm the value itself, natively nothing.
#[cfg(not(target_arch = "wasm32"))]
pub type Handle = ();

/// The deepest nesting read (deeper values read as a marked "too deeply nested" value).
pub const MAX_DEPTH: usize = 32;

/// An options value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null` (or `undefined`).
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, its properties in order.
    Object(Vec<(String, Value)>),
    /// A value only JavaScript can hold.
    Marked(Mark),
}

/// A value only JavaScript can hold, as the JavaScript copy marked it (see [`super::js`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// A function: its index in the handles.
    Function(u32),
    /// An `AbortSignal`: its index in the handles.
    Signal(u32),
    /// A `Date`, as epoch milliseconds (NaN for an invalid Date).
    Date(f64),
    /// Anything else options cannot hold, described (`"a symbol"`, `"a Map"`, ...).
    Other(String),
}

impl Mark {
    /// How a message names this value.
    pub fn describe(&self) -> String {
        match self {
            Mark::Function(_) => "a function".into(),
            Mark::Signal(_) => "an AbortSignal".into(),
            Mark::Date(_) => "a Date".into(),
            Mark::Other(what) => what.chars().take(80).collect(),
        }
    }

    fn kind(&self) -> &str {
        match self {
            Mark::Function(_) => "function",
            Mark::Signal(_) => "AbortSignal",
            Mark::Date(_) => "Date",
            Mark::Other(what) => what,
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            Mark::Function(i) | Mark::Signal(i) => Some(f64::from(*i)),
            Mark::Date(ms) => Some(*ms),
            Mark::Other(_) => None,
        }
    }
}

/// Options read from a serde source, and the JavaScript values set aside.
pub struct Read {
    /// The options.
    pub value: Value,
    /// The functions and signals the value's marks point to.
    pub handles: Vec<Handle>,
}

impl Read {
    /// Reads options from any serde source.
    pub fn from<'de, D: Deserializer<'de>>(d: D) -> Result<Read> {
        let mut handles = Vec::new();
        let value = Seed {
            handles: &mut handles,
            depth: 0,
        }
        .deserialize(d)
        .map_err(|e| Error::invalid_argument(format!("the options could not be read: {e}")))?;
        Ok(Read { value, handles })
    }

    /// Reads options from JSON text (native tests and fuzzing).
    pub fn json(text: &str) -> Result<Read> {
        Read::from(&mut serde_json::Deserializer::from_str(text))
    }
}

struct Seed<'h> {
    handles: &'h mut Vec<Handle>,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

#[cfg(target_arch = "wasm32")]
fn read_handle<'de, A: MapAccess<'de>>(map: &mut A) -> std::result::Result<Handle, A::Error> {
    struct Preserve;
    impl<'de> DeserializeSeed<'de> for Preserve {
        type Value = Handle;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Handle, D::Error> {
            serde_wasm_bindgen::preserve::deserialize(d)
        }
    }
    map.next_value_seed(Preserve)
}

#[cfg(not(target_arch = "wasm32"))]
fn read_handle<'de, A: MapAccess<'de>>(map: &mut A) -> std::result::Result<Handle, A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("options")
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> std::result::Result<Value, E> {
        Ok(Value::Number(n))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> std::result::Result<Value, E> {
        Ok(Value::Number(n as f64))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> std::result::Result<Value, E> {
        Ok(Value::Number(n as f64))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<Value, E> {
        Ok(Value::Str(s.to_owned()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> std::result::Result<Value, E> {
        Ok(Value::Str(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        if self.depth >= MAX_DEPTH {
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            return Ok(Value::Marked(Mark::Other(
                "a too deeply nested value".into(),
            )));
        }
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(Seed {
            handles: &mut *self.handles,
            depth: self.depth + 1,
        })? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        if self.depth >= MAX_DEPTH {
            while map
                .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                .is_some()
            {}
            return Ok(Value::Marked(Mark::Other(
                "a too deeply nested value".into(),
            )));
        }
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            if k == TAG && out.is_empty() {
                return read_mark(map, self.handles).map(Value::Marked);
            }
            let v = map.next_value_seed(Seed {
                handles: &mut *self.handles,
                depth: self.depth + 1,
            })?;
            out.push((k, v));
        }
        Ok(Value::Object(out))
    }
}

/// Reads the rest of a marked object whose first key was [`TAG`].
fn read_mark<'de, A: MapAccess<'de>>(
    mut map: A,
    handles: &mut Vec<Handle>,
) -> std::result::Result<Mark, A::Error> {
    let kind: String = map.next_value()?;
    let has_value = map.next_key::<String>()?.is_some();
    let mark = match (kind.as_str(), has_value) {
        ("function" | "AbortSignal", true) => {
            let index = u32::try_from(handles.len()).unwrap_or(u32::MAX);
            handles.push(read_handle(&mut map)?);
            if kind == "function" {
                Mark::Function(index)
            } else {
                Mark::Signal(index)
            }
        }
        ("Date", true) => Mark::Date(map.next_value::<Option<f64>>()?.unwrap_or(f64::NAN)),
        (_, has_value) => {
            if has_value {
                map.next_value::<de::IgnoredAny>()?;
            }
            Mark::Other(kind)
        }
    };
    while map
        .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
        .is_some()
    {}
    Ok(mark)
}

/// Why an options value could not be read as the type asked for, and where.
#[derive(Debug)]
pub struct OptionError {
    /// The path's segments, innermost first.
    path: Vec<String>,
    problem: Problem,
}

#[derive(Debug)]
enum Problem {
    /// "must be ..., got ..." or another sentence ending.
    Says(String),
    /// An unknown property, with the known ones.
    Unknown(String, &'static [&'static str]),
}

impl OptionError {
    fn at(mut self, segment: String) -> Self {
        self.path.push(segment);
        self
    }

    /// The path, as a message names it (`rateLimit.maxCalls`, `body.items[2]`).
    pub fn path(&self) -> String {
        let mut out = String::new();
        for seg in self.path.iter().rev() {
            if !out.is_empty() && !seg.starts_with('[') {
                out.push('.');
            }
            out.push_str(seg);
        }
        out
    }

    /// The `invalidArgument` error for the options object `what`.
    pub fn into_error(self, what: &str) -> Error {
        use super::option_errors::{subject, unknown_option};
        let path = self.path();
        match self.problem {
            Problem::Unknown(name, known) => unknown_option(what, &path, &name, known),
            Problem::Says(s) => Error::invalid_argument(format!("{} {s}", subject(what, &path))),
        }
    }
}

impl fmt::Display for OptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            Problem::Says(s) => write!(f, "`{}` {s}", self.path()),
            Problem::Unknown(name, _) => write!(f, "unknown option `{name}`"),
        }
    }
}

impl std::error::Error for OptionError {}

fn says(s: String) -> OptionError {
    OptionError {
        path: Vec::new(),
        problem: Problem::Says(s),
    }
}

/// Rewrites serde's names of what was expected (`f64`, `struct X`) in plain words.
fn expectation(e: &dyn de::Expected) -> String {
    let e = e.to_string();
    match e.as_str() {
        "f64" | "f32" | "u64" | "i64" | "u32" => "a number".into(),
        "a borrowed string" => "a string".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "an array".into(),
        "a map" => "an object".into(),
        s if s.starts_with("struct ") => "an object".into(),
        _ => e,
    }
}

/// Names a value a visitor did not expect, with its article.
fn describe(u: Unexpected<'_>) -> String {
    use super::option_errors::{number, show};
    match u {
        Unexpected::Bool(b) => b.to_string(),
        Unexpected::Unsigned(n) => format!("the number {n}"),
        Unexpected::Signed(n) => format!("the number {n}"),
        Unexpected::Float(n) => number(n),
        Unexpected::Char(c) => format!("the string {}", show(&c.to_string())),
        Unexpected::Str(s) => format!("the string {}", show(s)),
        Unexpected::Unit | Unexpected::Option => "null".into(),
        Unexpected::Seq => "an array".into(),
        Unexpected::Map => "an object".into(),
        Unexpected::Other(s) => s.into(),
        _ => "a value of another kind".into(),
    }
}

impl de::Error for OptionError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        says(format!("is not valid: {msg}"))
    }
    fn invalid_type(u: Unexpected<'_>, e: &dyn de::Expected) -> Self {
        says(format!("must be {}, got {}", expectation(e), describe(u)))
    }
    fn invalid_value(u: Unexpected<'_>, e: &dyn de::Expected) -> Self {
        Self::invalid_type(u, e)
    }
    fn invalid_length(len: usize, e: &dyn de::Expected) -> Self {
        says(format!("holds {len} entries; it must hold {e}"))
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        OptionError {
            path: Vec::new(),
            problem: Problem::Unknown(field.to_owned(), expected),
        }
    }
    fn missing_field(field: &'static str) -> Self {
        says("is required".into()).at(field.into())
    }
    fn duplicate_field(field: &'static str) -> Self {
        says("is given twice".into()).at(field.into())
    }
}

/// Reads the options object `what` (e.g. `"Client options"`) as a `T`; every failure is
/// an `invalidArgument` error naming the option at fault.
pub fn parse<'a, T: Deserialize<'a>>(what: &str, v: &'a Value) -> Result<T> {
    T::deserialize(v).map_err(|e| e.into_error(what))
}

type R<T> = std::result::Result<T, OptionError>;

impl Value {
    /// The error for a visitor that cannot take this value. Kept out of line, so that the
    /// many visitor types share one copy of the message code.
    #[inline(never)]
    fn refused(&self, expected: &dyn de::Expected) -> OptionError {
        let described;
        let u = match self {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(n) => Unexpected::Float(*n),
            Value::Str(s) => Unexpected::Str(s),
            Value::Array(_) => Unexpected::Seq,
            Value::Object(_) => Unexpected::Map,
            Value::Marked(m) => {
                described = m.describe();
                Unexpected::Other(&described)
            }
        };
        de::Error::invalid_type(u, expected)
    }

    /// Hands a value that is not a container to `visitor`; refuses containers and marked
    /// values without instantiating the visitor's map or sequence code.
    fn scalar<'a, V: Visitor<'a>>(&'a self, visitor: V) -> R<V::Value> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => visitor.visit_f64(*n),
            Value::Str(s) => visitor.visit_borrowed_str(s),
            _ => Err(self.refused(&visitor)),
        }
    }
}

macro_rules! scalar_methods {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'a>>(self, visitor: V) -> R<V::Value> {
            self.scalar(visitor)
        }
    )*};
}

impl<'a> Deserializer<'a> for &'a Value {
    type Error = OptionError;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> R<V::Value> {
        match self {
            Value::Array(items) => visitor.visit_seq(Items { items, next: 0 }),
            Value::Object(entries) => visitor.visit_map(Entries { entries, next: 0 }),
            Value::Marked(m) => visitor.visit_map(Marked { mark: m, step: 0 }),
            _ => self.scalar(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> R<V::Value> {
        match self {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> R<V::Value> {
        match self {
            Value::Object(entries) => visitor.visit_map(Entries { entries, next: 0 }),
            _ => Err(self.refused(&visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> R<V::Value> {
        match self {
            Value::Object(entries) => visitor.visit_map(Entries { entries, next: 0 }),
            Value::Marked(m) => visitor.visit_map(Marked { mark: m, step: 0 }),
            _ => Err(self.refused(&visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> R<V::Value> {
        match self {
            Value::Array(items) => visitor.visit_seq(Items { items, next: 0 }),
            _ => Err(self.refused(&visitor)),
        }
    }

    scalar_methods! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32
        deserialize_f64 deserialize_char deserialize_str deserialize_string
        deserialize_bytes deserialize_byte_buf deserialize_unit deserialize_identifier
        deserialize_i128 deserialize_u128
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> R<V::Value> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'a>>
        unit_struct newtype_struct tuple tuple_struct enum
    }
}

struct Items<'a> {
    items: &'a [Value],
    next: usize,
}

impl<'a> SeqAccess<'a> for Items<'a> {
    type Error = OptionError;
    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> R<Option<T::Value>> {
        let Some(v) = self.items.get(self.next) else {
            return Ok(None);
        };
        let i = self.next;
        self.next += 1;
        seed.deserialize(v)
            .map(Some)
            .map_err(|e| e.at(format!("[{i}]")))
    }
}

struct Entries<'a> {
    entries: &'a [(String, Value)],
    next: usize,
}

impl<'a> MapAccess<'a> for Entries<'a> {
    type Error = OptionError;
    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> R<Option<K::Value>> {
        match self.entries.get(self.next) {
            Some((k, _)) => seed
                .deserialize(de::value::BorrowedStrDeserializer::new(k.as_str()))
                .map(Some),
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> R<V::Value> {
        let Some((k, v)) = self.entries.get(self.next) else {
            return Err(says("is missing a value".into()));
        };
        self.next += 1;
        seed.deserialize(v).map_err(|e| e.at(k.clone()))
    }
}

/// A marked value, seen as the object `{ "fourws:js": kind, "value": number }` (the
/// handle's index, or the Date's milliseconds).
struct Marked<'a> {
    mark: &'a Mark,
    step: u8,
}

impl<'a> MapAccess<'a> for Marked<'a> {
    type Error = OptionError;
    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> R<Option<K::Value>> {
        let key = match (self.step, self.mark.number()) {
            (0, _) => TAG,
            (1, Some(_)) => "value",
            _ => return Ok(None),
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> R<V::Value> {
        self.step += 1;
        if self.step == 1 {
            seed.deserialize(de::value::BorrowedStrDeserializer::new(self.mark.kind()))
        } else {
            seed.deserialize(self.mark.number().unwrap_or(f64::NAN).into_deserializer())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_marks_and_sets_handles_aside() {
        let r = Read::json(
            r#"{"a":{"fourws:js":"function","value":1},"b":[{"fourws:js":"AbortSignal","value":2}],
                "d":{"fourws:js":"Date","value":5},"m":{"fourws:js":"a Map"},"x":{"y":1}}"#,
        )
        .unwrap();
        assert_eq!(r.handles.len(), 2);
        let Value::Object(e) = &r.value else {
            panic!("an object")
        };
        assert_eq!(e[0].1, Value::Marked(Mark::Function(0)));
        assert_eq!(e[1].1, Value::Array(vec![Value::Marked(Mark::Signal(1))]));
        assert_eq!(e[2].1, Value::Marked(Mark::Date(5.0)));
        assert_eq!(e[3].1, Value::Marked(Mark::Other("a Map".into())));
    }

    #[test]
    fn deep_values_are_cut() {
        let deep = "[".repeat(100) + &"]".repeat(100);
        let r = Read::json(&deep).unwrap();
        let mut v = &r.value;
        let mut depth = 0;
        while let Value::Array(items) = v {
            v = &items[0];
            depth += 1;
        }
        assert_eq!(depth, MAX_DEPTH);
        assert!(matches!(v, Value::Marked(Mark::Other(_))));
    }
}
