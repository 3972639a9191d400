//! The serde side of the page decoder: `DeserializeSeed`s and `Visitor`s chosen from the
//! schema tables, driven by a `serde_json::Deserializer`. Each writes the normalised value
//! straight into the output buffer as ASCII-only JSON; nothing is built in between.
//!
//! A value that fails validation is not a serde error (that would end the whole read):
//! the first fault of a record is recorded with its path in [`Ctx`], the rest of the
//! record is skipped, and the caller sets the record aside.

use super::super::fields::{self, Refusal};
use super::super::json::write;
use super::super::schema::{FieldKind, Presence, Schema};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// One step of a path: a schema field or an array index.
#[derive(Clone, Copy, Debug)]
pub enum Seg {
    /// A field the schema names.
    Key(&'static str),
    /// An index in an array.
    Index(usize),
}

/// Renders `prefix` and `segs` as `valueObjectList[3].subject.birthday`.
pub fn render(prefix: &str, segs: &[Seg]) -> String {
    let mut out = String::from(prefix);
    for seg in segs {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// What one read keeps across values: the output, where it is, and the first fault.
#[derive(Debug, Default)]
pub struct Ctx {
    /// The ASCII-only JSON written so far.
    pub out: Vec<u8>,
    /// The path of the value being read (left as it was when serde_json fails).
    pub path: Vec<Seg>,
    /// The first validation fault: its rendered path and message.
    pub fault: Option<(String, Refusal)>,
    /// What paths start with (`valueObjectList` for records).
    pub prefix: &'static str,
}

impl Ctx {
    /// Records a fault at the current path, unless one is recorded already.
    pub fn refuse(&mut self, message: Refusal) {
        if self.fault.is_none() {
            self.fault = Some((render(self.prefix, &self.path), message));
        }
    }
}

/// JSON text serde_json checked, as ASCII-only JSON: non-ASCII characters (which JSON
/// holds only inside strings) escaped as `\uXXXX`, everything else as the server wrote it.
pub fn ascii_json(out: &mut Vec<u8>, text: &str) {
    let b = text.as_bytes();
    let mut plain = 0;
    let mut i = write::ascii_run(b, 0);
    while i < b.len() {
        out.extend_from_slice(&b[plain..i]);
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        write::char_escape(out, c);
        i += c.len_utf8();
        plain = i;
        i = write::ascii_run(b, i);
    }
    out.extend_from_slice(b.get(plain..).unwrap_or_default());
}

/// The text of the next value, exactly as sent (serde_json checks its syntax without
/// building it; numbers are not converted, so none is refused or re-printed).
fn raw<'de, D: Deserializer<'de>>(d: D) -> Result<&'de str, D::Error> {
    <&'de RawValue as serde::Deserialize<'de>>::deserialize(d).map(RawValue::get)
}

/// The value of a string literal's raw text.
fn unquote(raw: &str) -> Result<Cow<'_, str>, String> {
    match raw.get(1..raw.len().saturating_sub(1)) {
        Some(inner) if !inner.contains('\\') => Ok(Cow::Borrowed(inner)),
        _ => serde_json::from_str::<String>(raw)
            .map(Cow::Owned)
            .map_err(|e| format!("cannot be read ({e})")),
    }
}

/// Copies any value as it came (non-ASCII escaped; escapes and numbers as written).
pub struct Copy<'o>(pub &'o mut Vec<u8>);

impl<'de> DeserializeSeed<'de> for Copy<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        ascii_json(self.0, raw(d)?);
        Ok(())
    }
}

/// Writes a key of a schema'd object and finds its field (trying `hint` first: servers
/// send fields in a stable order).
struct KeyFind<'o> {
    out: &'o mut Vec<u8>,
    schema: &'static Schema,
    hint: usize,
}

impl<'de> DeserializeSeed<'de> for KeyFind<'_> {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyFind<'_> {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Option<usize>, E> {
        let found = self.schema.find(v.as_bytes(), self.hint);
        match found {
            // Schema names are plain ASCII: no escaping to do.
            Some(_) => {
                self.out.push(b'"');
                self.out.extend_from_slice(v.as_bytes());
                self.out.push(b'"');
            }
            None => write::string(self.out, v),
        }
        Ok(found)
    }
}

/// What a value is to its container, for the messages about a wrong type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// An element of `valueObjectList`.
    Record,
    /// An element of an array of nested records.
    Element,
    /// The value of a field.
    Field,
}

/// Reads one value of a given kind. Its value is the row count of the counted array
/// (for a record) or the length of an array of records (for a field), else 0.
pub struct Field<'c> {
    /// Where it is written.
    pub ctx: &'c mut Ctx,
    /// How it is checked.
    pub kind: FieldKind,
    /// Whether it may be null.
    pub presence: Presence,
    /// What it is to its container.
    pub role: Role,
    /// For a record: the array whose length counts as its elements.
    pub rows_key: Option<&'static str>,
}

impl Field<'_> {
    fn wrong(self, got_object: bool, got_null: bool) -> u64 {
        let message = match self.role {
            Role::Record if got_null => "the record is null".to_owned(),
            Role::Record => "the record is not an object".to_owned(),
            Role::Element => "expected an object in this array".to_owned(),
            Role::Field => fields::wrong_container(self.kind, got_object),
        };
        self.ctx.refuse(message);
        0
    }

    fn scalar(self, f: impl FnOnce(FieldKind, &mut Vec<u8>) -> Result<(), Refusal>) -> u64 {
        if self.role != Role::Field {
            return self.wrong(false, false);
        }
        if let Err(message) = f(self.kind, &mut self.ctx.out) {
            self.ctx.refuse(message);
        }
        0
    }
}

impl<'de> DeserializeSeed<'de> for Field<'_> {
    type Value = u64;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u64, D::Error> {
        if self.ctx.fault.is_some() {
            // The record is set aside already: skip the rest of it.
            d.deserialize_ignored_any(IgnoredAny)?;
            return Ok(0);
        }
        match self.kind {
            FieldKind::Any => {
                let text = raw(d)?;
                ascii_json(&mut self.ctx.out, text);
                // A record kept as sent still counts its rows (`paginate` over the prices
                // export advances by price rows).
                Ok(match (self.role, self.rows_key) {
                    (Role::Record, Some(key)) => super::split::count_rows(text.as_bytes(), key),
                    _ => 0,
                })
            }
            // Numbers are taken as written (JSON.parse then reads exactly what was sent).
            FieldKind::Number | FieldKind::Code => Ok(self.raw_scalar(raw(d)?)),
            _ => d.deserialize_any(self),
        }
    }
}

impl Field<'_> {
    /// A value of a numeric or code field, from its raw text.
    fn raw_scalar(self, raw: &str) -> u64 {
        match raw.as_bytes().first() {
            // A code sent as a string: written as sent (escapes kept, non-ASCII escaped).
            Some(b'"') if matches!(self.kind, FieldKind::Code) && raw.len() > 2 => {
                ascii_json(&mut self.ctx.out, raw);
                0
            }
            Some(b'"') => match unquote(raw) {
                Ok(v) => {
                    let presence = self.presence;
                    self.scalar(|k, out| fields::string(k, presence, &v, out))
                }
                Err(message) => {
                    self.ctx.refuse(message);
                    0
                }
            },
            Some(b'n') => {
                let presence = self.presence;
                self.scalar(|_, out| fields::null(presence, out))
            }
            Some(b't') => self.scalar(|k, out| fields::boolean(k, true, out)),
            Some(b'f') => self.scalar(|k, out| fields::boolean(k, false, out)),
            Some(b'{') => self.wrong(true, false),
            Some(b'[') => self.wrong(false, false),
            _ => self.scalar(|k, out| fields::number(k, raw, out)),
        }
    }
}

impl<'de> Visitor<'de> for Field<'_> {
    type Value = u64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<u64, E> {
        Ok(self.scalar(|k, out| fields::boolean(k, v, out)))
    }
    // Numbers reach here only in fields that are not numeric: refused, the message shows
    // the number (a fraction as Rust prints the double).
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u64, E> {
        Ok(self.scalar(|k, out| fields::number(k, &v.to_string(), out)))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u64, E> {
        Ok(self.scalar(|k, out| fields::number(k, &v.to_string(), out)))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u64, E> {
        Ok(self.scalar(|k, out| fields::number(k, &format!("{v:?}"), out)))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u64, E> {
        let presence = self.presence;
        Ok(self.scalar(|k, out| fields::string(k, presence, v, out)))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<u64, E> {
        if self.role != Role::Field {
            return Ok(self.wrong(false, true));
        }
        let presence = self.presence;
        Ok(self.scalar(|_, out| fields::null(presence, out)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<u64, A::Error> {
        match self.kind {
            FieldKind::Object(schema) => object(self.ctx, schema, map, self.rows_key),
            _ => {
                self.wrong(true, false);
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(0)
            }
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<u64, A::Error> {
        match (self.kind, self.role) {
            (FieldKind::List(schema), Role::Field) => list(self.ctx, schema, seq),
            _ => {
                self.wrong(false, false);
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(0)
            }
        }
    }
}

/// An object of a schema: known fields checked and normalised, others copied, mandatory
/// ones required. Returns the length of the `rows_key` array.
fn object<'de, A: MapAccess<'de>>(
    ctx: &mut Ctx,
    schema: &'static Schema,
    mut map: A,
    rows_key: Option<&'static str>,
) -> Result<u64, A::Error> {
    ctx.out.push(b'{');
    let mut seen: u128 = 0;
    let mut hint = 0;
    let mut rows = 0;
    let mut first = true;
    loop {
        let mark = ctx.out.len();
        if !first {
            ctx.out.push(b',');
        }
        let key = KeyFind {
            out: &mut ctx.out,
            schema,
            hint,
        };
        let Some(found) = map.next_key_seed(key)? else {
            ctx.out.truncate(mark);
            break;
        };
        first = false;
        ctx.out.push(b':');
        match found {
            Some(i) => {
                hint = i + 1;
                seen |= 1u128 << (i % 128);
                let f = &schema.fields[i];
                ctx.path.push(Seg::Key(f.name));
                let len = map.next_value_seed(Field {
                    ctx: &mut *ctx,
                    kind: f.kind,
                    presence: f.presence,
                    role: Role::Field,
                    rows_key: None,
                })?;
                ctx.path.pop();
                if rows_key == Some(f.name) {
                    rows = len;
                }
            }
            None if ctx.fault.is_some() => {
                map.next_value::<IgnoredAny>()?;
            }
            None => map.next_value_seed(Copy(&mut ctx.out))?,
        }
    }
    ctx.out.push(b'}');
    if ctx.fault.is_none() {
        for (i, f) in schema.fields.iter().enumerate() {
            if f.presence != Presence::Optional && seen & (1u128 << (i % 128)) == 0 {
                ctx.path.push(Seg::Key(f.name));
                ctx.refuse("is missing but the docs make it mandatory".to_owned());
                ctx.path.pop();
                break;
            }
        }
    }
    Ok(rows)
}

/// An array of nested records; returns its length.
fn list<'de, A: SeqAccess<'de>>(
    ctx: &mut Ctx,
    schema: &'static Schema,
    mut seq: A,
) -> Result<u64, A::Error> {
    ctx.out.push(b'[');
    let mut i = 0usize;
    loop {
        let mark = ctx.out.len();
        if i > 0 {
            ctx.out.push(b',');
        }
        ctx.path.push(Seg::Index(i));
        let got = seq.next_element_seed(Field {
            ctx: &mut *ctx,
            kind: FieldKind::Object(schema),
            presence: Presence::Required,
            role: Role::Element,
            rows_key: None,
        })?;
        ctx.path.pop();
        if got.is_none() {
            ctx.out.truncate(mark);
            break;
        }
        i += 1;
    }
    ctx.out.push(b']');
    Ok(i as u64)
}

/// An envelope key, sorted into what the decoder treats specially.
pub enum EnvKey<'de> {
    /// `success`
    Success,
    /// `moreRows`
    MoreRows,
    /// `resultSetLength`
    Total,
    /// `valueObjectList`
    List,
    /// Anything else (a summary field).
    Other(Cow<'de, str>),
}

/// Reads an envelope key.
pub struct EnvKeySeed;

impl<'de> DeserializeSeed<'de> for EnvKeySeed {
    type Value = EnvKey<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<EnvKey<'de>, D::Error> {
        d.deserialize_str(self)
    }
}

fn env_key(v: &str) -> Option<EnvKey<'static>> {
    Some(match v {
        "success" => EnvKey::Success,
        "moreRows" => EnvKey::MoreRows,
        "resultSetLength" => EnvKey::Total,
        "valueObjectList" => EnvKey::List,
        _ => return None,
    })
}

impl<'de> Visitor<'de> for EnvKeySeed {
    type Value = EnvKey<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<EnvKey<'de>, E> {
        Ok(env_key(v).unwrap_or(EnvKey::Other(Cow::Borrowed(v))))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<EnvKey<'de>, E> {
        Ok(env_key(v).unwrap_or_else(|| EnvKey::Other(Cow::Owned(v.to_owned()))))
    }
}

/// A scalar of the envelope, read whatever its type, for `success`, `moreRows` and
/// `resultSetLength` (servers send these as booleans, letters, numbers or strings).
#[derive(Clone, Debug, PartialEq)]
pub enum Loose {
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Num(String),
    /// A string.
    Text(String),
    /// `null`
    Null,
    /// An object or an array.
    Container(&'static str),
}

impl Loose {
    /// The value as a message quotes it: numbers as numbers, strings quoted.
    pub fn shown(&self) -> String {
        match self {
            Loose::Bool(b) => b.to_string(),
            Loose::Num(n) => n.clone(),
            Loose::Text(s) => fields::show(s),
            Loose::Null => "null".to_owned(),
            Loose::Container(what) => (*what).to_owned(),
        }
    }
}

/// Reads a [`Loose`] value.
pub struct LooseSeed;

impl<'de> DeserializeSeed<'de> for LooseSeed {
    type Value = Loose;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        let raw = raw(d)?;
        Ok(match raw.as_bytes().first() {
            Some(b'"') => Loose::Text(unquote(raw).unwrap_or_default().into_owned()),
            Some(b'n') => Loose::Null,
            Some(b't') => Loose::Bool(true),
            Some(b'f') => Loose::Bool(false),
            Some(b'{') => Loose::Container("an object"),
            Some(b'[') => Loose::Container("an array"),
            _ => Loose::Num(raw.to_owned()),
        })
    }
}

/// Copies a summary value and keeps it as the server's message if it is a string.
pub struct Message<'o> {
    /// Where the value is copied.
    pub out: &'o mut Vec<u8>,
    /// Where the message goes.
    pub message: &'o mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for Message<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let raw = raw(d)?;
        if raw.starts_with('"') {
            *self.message = Some(match unquote(raw) {
                Ok(m) => m.into_owned(),
                // A lone surrogate: the message as sent, escapes and all.
                Err(_) => raw.trim_matches('"').to_owned(),
            });
        }
        ascii_json(self.out, raw);
        Ok(())
    }
}

/// Refuses a second `valueObjectList` in one envelope (which list would the count be of?).
pub fn twice<E: serde::de::Error>() -> E {
    E::custom("the envelope holds valueObjectList twice")
}
