//! The page decoder: a `serde_json::Deserializer` reads a response body once and, through
//! seeds chosen from the endpoint's [`Schema`] tables (`decode/seeds.rs`), checks the 4WS
//! envelope and writes every record of `valueObjectList` as normalised, ASCII-only JSON
//! into one buffer. Fields the schema does not list are copied as they came; a record that
//! fails validation is set aside whole (its raw JSON, path and reason) so that no record is
//! ever silently dropped.
//!
//! The body's UTF-8 is checked once, then read with `from_str`. A page that serde_json
//! cannot read whole (a byte that is not UTF-8, an escape or a number it refuses) is split
//! at its record boundaries by a byte scan (`decode/split.rs`) and re-read record by
//! record, so that only the records that cannot be read are set aside.

mod seeds;
mod split;

use super::error::{Error, Kind};
use super::fields;
use super::json::write;
use super::schema::{FieldKind, Presence, Schema};
use seeds::{Copy, Ctx, EnvKey, EnvKeySeed, Field, Loose, LooseSeed, Message, Role, Seg};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// How the server counts the elements of a page (what `start` advances by).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counting {
    /// One element per record of `valueObjectList`.
    Records,
    /// The rows of the named array inside each record (the prices export's `prices`).
    Rows(&'static str),
}

/// What the decoder needs to know about an endpoint.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// The record schema, or `None` to keep records exactly as they came.
    pub record: Option<&'static Schema>,
    /// The schema of the envelope's other fields (the page summary), if any.
    pub summary: Option<&'static Schema>,
    /// How elements are counted.
    pub counting: Counting,
}

/// A record that failed validation, set aside with everything needed to repair it.
#[derive(Clone, Debug, PartialEq)]
pub struct Invalid {
    /// Its index in `valueObjectList`.
    pub index: usize,
    /// The JSON path of the offending value (`valueObjectList[3].subject.birthday`).
    pub path: String,
    /// Why it was refused.
    pub message: String,
    /// The record as the server sent it, as ASCII-only JSON: the record itself, or, for a
    /// record that cannot be read as JSON at all, a JSON string holding its text (decoded
    /// lossily if it is not UTF-8).
    pub raw: String,
}

/// A decoded page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decoded {
    /// The valid records, normalised, as a JSON array.
    pub items: String,
    /// How many records `items` holds.
    pub item_count: usize,
    /// The elements the server counted on this page (valid and invalid alike).
    pub elements: u64,
    /// `success`, if the envelope has one (`"T"`, `1`, `"F"`, `0`, `null` read as booleans).
    pub success: Option<bool>,
    /// `success` as the server sent it, when it was not a JSON boolean (`"F"`, `0`, `null`).
    pub success_sent: Option<String>,
    /// The server's message, if the envelope has one.
    pub message: Option<String>,
    /// `moreRows`, if present.
    pub more_rows: Option<bool>,
    /// `resultSetLength`, if present.
    pub result_set_length: Option<u64>,
    /// Every other envelope field, normalised, as a JSON object (or `None` if there is none).
    pub summary: Option<String>,
    /// Records that failed validation.
    pub invalid: Vec<Invalid>,
    /// A hash of the page's records, to notice a page that repeats the previous one.
    pub fingerprint: u64,
    /// Hashes of the first and of the last valid record (`None` without one), to notice a
    /// page that starts with the record the previous page ended with.
    pub edges: Option<(u64, u64)>,
    /// Whether the envelope has a `valueObjectList` (an empty one included).
    pub has_list: bool,
}

const MESSAGE_KEYS: [&str; 5] = ["message", "errorMessage", "error", "msg", "description"];
const LIST: &str = "valueObjectList";

/// The message for a page that cannot be read at all, recognising the usual culprits.
fn page_error(body: &[u8], cause: impl FnOnce() -> String) -> Error {
    let trimmed = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|i| &body[i..])
        .unwrap_or(&[]);
    let message = if trimmed.is_empty() {
        "the server sent an empty body where a JSON page was expected".to_owned()
    } else if trimmed.first() == Some(&b'<') {
        "the server sent an HTML page instead of JSON (an error, maintenance or login page; \
         check baseUrl and try again later)"
            .to_owned()
    } else {
        cause()
    };
    Error::new(Kind::Decode, message)
}

fn syntax_error(body: &[u8], e: &serde_json::Error) -> Error {
    page_error(body, || {
        let what = e.to_string();
        if e.is_eof() {
            format!(
                "the body ends in the middle of the JSON after {} bytes (a truncated \
                 response; retry the request)",
                body.len()
            )
        } else if what.starts_with("trailing characters") {
            format!("the body has unexpected data after the JSON object ({what})")
        } else if e.is_data() {
            format!("the body is not a 4WS page: {what}")
        } else {
            format!("the body is not valid JSON: {what}")
        }
    })
}

fn not_utf8(body: &[u8], e: std::str::Utf8Error, offset: usize, where_: &str) -> Error {
    let at = e.valid_up_to();
    page_error(body, || {
        format!(
            "the body holds a byte that is not UTF-8 (0x{:02X} at byte {}){where_}, and its \
             Content-Type declares no other charset",
            body.get(offset + at).copied().unwrap_or(0),
            offset + at
        )
    })
}

fn strip_bom(body: &[u8]) -> (&[u8], usize) {
    match body.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        Some(rest) => (rest, 3),
        None => (body, 0),
    }
}

/// JSON text that serde_json read, as ASCII-only JSON.
fn ascii_json(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 16);
    seeds::ascii_json(&mut out, text);
    ascii_text(out)
}

/// The text of a record that cannot be read, as a JSON string.
fn text_as_json(bytes: &[u8]) -> String {
    let mut out = String::new();
    write::string(&mut out, &String::from_utf8_lossy(bytes));
    out
}

/// A fast 64-bit fingerprint of a byte run (four independent lanes of eight bytes, so the
/// multiplications overlap), to tell pages apart.
fn fingerprint(h: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, w: u64| (h ^ w).wrapping_mul(K).rotate_left(29);
    let word = |c: &[u8]| {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        u64::from_le_bytes(w)
    };
    let seed = h ^ bytes.len() as u64 ^ 0xcbf2_9ce4_8422_2325;
    let mut lanes = [seed, seed ^ 1, seed ^ 2, seed ^ 3];
    let mut chunks = bytes.chunks_exact(32);
    for chunk in &mut chunks {
        for (lane, part) in lanes.iter_mut().zip(chunk.chunks_exact(8)) {
            *lane = mix(*lane, word(part));
        }
    }
    let mut h = lanes.iter().fold(seed, |acc, &l| mix(acc, l));
    for &b in chunks.remainder() {
        h = mix(h, u64::from(b));
    }
    h ^ (h >> 32)
}

/// A page being decoded.
struct Build<'s> {
    shape: &'s Shape,
    /// The records (`[` written, `]` not yet).
    items: Ctx,
    /// The envelope's other fields (the summary) and the envelope's own faults.
    env: Ctx,
    page: Decoded,
    success: Option<Loose>,
    lists: u32,
    /// Indexes in `page.invalid` whose raw text is still to be taken from the body.
    unread: Vec<usize>,
    /// Where the first and the last valid record stand in `items.out`.
    first: Option<(usize, usize)>,
    last: Option<(usize, usize)>,
}

impl<'s> Build<'s> {
    fn new(shape: &'s Shape, len: usize) -> Self {
        // The output is about as long as the body.
        let mut out = Vec::with_capacity(len + len / 16 + 16);
        out.push(b'[');
        Build {
            shape,
            items: Ctx {
                out,
                prefix: LIST,
                ..Ctx::default()
            },
            env: Ctx::default(),
            page: Decoded::default(),
            success: None,
            lists: 0,
            unread: Vec::new(),
            first: None,
            last: None,
        }
    }

    /// The seed that reads one record.
    fn record_seed(&mut self) -> Field<'_> {
        Field {
            ctx: &mut self.items,
            kind: self.shape.record.map_or(FieldKind::Any, FieldKind::Object),
            presence: Presence::Required,
            role: Role::Record,
            rows_key: match self.shape.counting {
                Counting::Rows(key) => Some(key),
                Counting::Records => None,
            },
        }
    }

    /// Prepares the output for record `index`; returns where it starts.
    fn begin_record(&mut self, index: usize) -> usize {
        let mark = self.items.out.len();
        if self.page.item_count > 0 {
            self.items.out.push(b',');
        }
        self.items.path.clear();
        self.items.path.push(Seg::Index(index));
        self.items.fault = None;
        mark
    }

    fn rows_of(&self, raw: &[u8]) -> u64 {
        match self.shape.counting {
            Counting::Records => 1,
            Counting::Rows(key) => split::count_rows(raw, key),
        }
    }

    /// After a record was read: keeps it, or sets it aside with its fault. `raw` is its
    /// text when known (else it is taken from the body at the end).
    fn end_record(&mut self, index: usize, mark: usize, rows: u64, raw: Option<&str>) {
        match self.items.fault.take() {
            None => {
                // After the comma `begin_record` wrote before every record but the first.
                let from = if self.page.item_count > 0 {
                    mark + 1
                } else {
                    mark
                };
                let span = (from, self.items.out.len());
                self.first.get_or_insert(span);
                self.last = Some(span);
                self.page.item_count += 1;
                self.page.elements += match self.shape.counting {
                    Counting::Records => 1,
                    Counting::Rows(_) => rows,
                };
            }
            Some((path, message)) => {
                self.items.out.truncate(mark);
                if raw.is_none() {
                    self.unread.push(self.page.invalid.len());
                }
                if let Some(text) = raw {
                    self.page.elements += self.rows_of(text.as_bytes());
                }
                self.page.invalid.push(Invalid {
                    index,
                    path,
                    message,
                    raw: raw.map(ascii_json).unwrap_or_default(),
                });
            }
        }
    }

    /// A record that serde_json cannot read: set aside with its text.
    fn unreadable(&mut self, index: usize, mark: usize, path: String, message: String, raw: &[u8]) {
        self.items.out.truncate(mark);
        self.page.elements += self.rows_of(raw);
        self.page.invalid.push(Invalid {
            index,
            path,
            message,
            raw: text_as_json(raw),
        });
    }

    /// Reads one record on its own (the record-by-record re-read).
    fn record_alone(&mut self, raw: &[u8], index: usize) {
        let mark = self.begin_record(index);
        let here = || seeds::render(LIST, &[Seg::Index(index)]);
        let text = match std::str::from_utf8(raw) {
            Ok(text) => text,
            Err(e) => {
                let at = e.valid_up_to();
                let message = format!(
                    "holds a byte that is not UTF-8 (0x{:02X} at byte {at} of the record) and \
                     the response declares no other charset",
                    raw.get(at).copied().unwrap_or(0)
                );
                return self.unreadable(index, mark, here(), message, raw);
            }
        };
        let mut de = serde_json::Deserializer::from_str(text);
        let read = self
            .record_seed()
            .deserialize(&mut de)
            .and_then(|rows| de.end().map(|()| rows));
        match read {
            Ok(rows) => self.end_record(index, mark, rows, Some(text)),
            Err(e) => {
                let path = seeds::render(LIST, &self.items.path);
                let what = e.to_string();
                let message = if what.starts_with("number out of range") {
                    format!(
                        "is too large for a number (JavaScript would read it as Infinity; \
                         {what} of the record)"
                    )
                } else {
                    format!("cannot be read as JSON ({what} of the record)")
                };
                self.unreadable(index, mark, path, message, raw);
            }
        }
    }

    /// Takes the raw text of the records set aside while reading the whole page.
    fn take_raws(&mut self, body: &[u8]) {
        if self.unread.is_empty() {
            return;
        }
        let spans = split::envelope(body)
            .and_then(|m| split::find(body, &m, LIST).map(|l| l.value.clone()))
            .and_then(|list| split::elements(body, list));
        for k in std::mem::take(&mut self.unread) {
            let index = self.page.invalid[k].index;
            let (raw, rows) = match spans.as_ref().and_then(|s| s.get(index)) {
                Some(span) => {
                    let bytes = &body[span.clone()];
                    (
                        ascii_json(&String::from_utf8_lossy(bytes)),
                        self.rows_of(bytes),
                    )
                }
                // Not reached for a body serde_json read; say so rather than lose it.
                None => (
                    text_as_json(b"(the record's text could not be isolated)"),
                    self.rows_of(b""),
                ),
            };
            self.page.elements += rows;
            self.page.invalid[k].raw = raw;
        }
    }

    fn env_refuse(&mut self, key: &'static str, message: String) {
        self.env.path.clear();
        self.env.path.push(Seg::Key(key));
        self.env.refuse(message);
        self.env.path.clear();
    }

    fn more_rows(&mut self, v: Loose) {
        self.page.more_rows = match &v {
            Loose::Bool(b) => Some(*b),
            Loose::Text(s) if matches!(s.as_str(), "T" | "Y" | "true") => Some(true),
            Loose::Text(s) if matches!(s.as_str(), "F" | "N" | "false") => Some(false),
            _ => {
                let message = format!("{} is neither true nor false", v.shown());
                self.env_refuse("moreRows", message);
                None
            }
        };
    }

    fn total(&mut self, v: Loose) {
        self.page.result_set_length = match &v {
            Loose::Null => None,
            Loose::Num(s) | Loose::Text(s) if s.parse::<u64>().is_ok() => s.parse().ok(),
            _ => {
                let message = format!("{} is not a count of elements", v.shown());
                self.env_refuse("resultSetLength", message);
                None
            }
        };
    }

    /// The page, or the envelope's problem.
    fn finish(mut self) -> Result<Decoded, Error> {
        let text = &self.items.out;
        let edges = self.first.zip(self.last).and_then(|((a, b), (c, d))| {
            Some((
                fingerprint(0, text.get(a..b)?),
                fingerprint(0, text.get(c..d)?),
            ))
        });
        self.items.out.push(b']');
        let mut page = self.page;
        page.edges = edges;
        page.items = ascii_text(self.items.out);
        if !self.env.out.is_empty() {
            self.env.out.push(b'}');
            page.summary = Some(ascii_text(self.env.out));
        }
        if let Some(v) = self.success {
            let (success, sent) = read_success(&v);
            if success.is_none() {
                let said = page
                    .message
                    .as_deref()
                    .map(|m| format!(" The server's message: {m}"))
                    .unwrap_or_default();
                return Err(Error::new(
                    Kind::Decode,
                    format!(
                        "the envelope's success is {}, neither true nor false, so whether \
                         the call worked cannot be told.{said}",
                        v.shown()
                    ),
                ));
            }
            page.success = success;
            page.success_sent = sent;
        }
        if page.success != Some(false) {
            if let Some((path, message)) = self.env.fault {
                return Err(
                    Error::new(Kind::Validation, format!("{path}: {message}")).with_path(path)
                );
            }
        }
        page.has_list = self.lists > 0;
        let mut h = fingerprint(0, page.items.as_bytes());
        for bad in &page.invalid {
            h = fingerprint(h, bad.raw.as_bytes());
        }
        page.fingerprint = h;
        Ok(page)
    }
}

/// How `success` reads: JSON booleans, and, since servers send them too, `"true"`/`"T"`/
/// `"Y"`/`1` as true and `"false"`/`"F"`/`"N"`/`0`/`null` as false (any case); anything
/// else is `None`. The second value is what was sent, when it was not a JSON boolean.
fn read_success(v: &Loose) -> (Option<bool>, Option<String>) {
    let read = match v {
        Loose::Bool(b) => return (Some(*b), None),
        Loose::Null => Some(false),
        Loose::Num(n) if n == "1" => Some(true),
        Loose::Num(n) if n == "0" => Some(false),
        Loose::Text(s) => match s.to_ascii_lowercase().as_str() {
            "true" | "t" | "y" => Some(true),
            "false" | "f" | "n" => Some(false),
            _ => None,
        },
        _ => None,
    };
    (read, Some(v.shown()))
}

/// The decoder's output as a `String`: it is ASCII by construction.
fn ascii_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Reads the envelope.
struct Envelope<'b, 's>(&'b mut Build<'s>);

impl<'de> Visitor<'de> for Envelope<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object (a 4WS envelope)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.0;
        while let Some(key) = map.next_key_seed(EnvKeySeed)? {
            match key {
                EnvKey::Success => b.success = Some(map.next_value_seed(LooseSeed)?),
                EnvKey::MoreRows => {
                    let v = map.next_value_seed(LooseSeed)?;
                    b.more_rows(v);
                }
                EnvKey::Total => {
                    let v = map.next_value_seed(LooseSeed)?;
                    b.total(v);
                }
                EnvKey::List => {
                    if b.lists > 0 {
                        return Err(seeds::twice());
                    }
                    b.lists += 1;
                    map.next_value_seed(Records(&mut *b))?;
                }
                EnvKey::Other(name) => {
                    let out = &mut b.env.out;
                    out.push(if out.is_empty() { b'{' } else { b',' });
                    write::string(out, &name);
                    out.push(b':');
                    let field = b
                        .shape
                        .summary
                        .and_then(|s| s.find(name.as_bytes(), 0).map(|i| &s.fields[i]));
                    if MESSAGE_KEYS.contains(&&*name) {
                        map.next_value_seed(Message {
                            out,
                            message: &mut b.page.message,
                        })?;
                    } else if let Some(f) = field {
                        b.env.path.push(Seg::Key(f.name));
                        map.next_value_seed(Field {
                            ctx: &mut b.env,
                            kind: f.kind,
                            presence: f.presence,
                            role: Role::Field,
                            rows_key: None,
                        })?;
                        b.env.path.pop();
                    } else {
                        map.next_value_seed(Copy(out))?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Reads `valueObjectList`.
struct Records<'b, 's>(&'b mut Build<'s>);

impl Records<'_, '_> {
    fn not_a_list(self, what: &str) {
        self.0
            .env_refuse(LIST, format!("is {what}, not an array of records"));
    }
}

impl<'de> DeserializeSeed<'de> for Records<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Records<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<(), E> {
        self.not_a_list(&v.to_string());
        Ok(())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<(), E> {
        self.not_a_list(&v.to_string());
        Ok(())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<(), E> {
        self.not_a_list(&v.to_string());
        Ok(())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<(), E> {
        self.not_a_list(&format!("{v:?}"));
        Ok(())
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.not_a_list(&format!("the string {}", fields::show(v)));
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        self.not_a_list("an object");
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let b = self.0;
        let mut index = 0;
        loop {
            let mark = b.begin_record(index);
            let Some(rows) = seq.next_element_seed(b.record_seed())? else {
                b.items.out.truncate(mark);
                break;
            };
            b.end_record(index, mark, rows, None);
            index += 1;
        }
        Ok(())
    }
}

/// Reads a whole envelope from `text`.
fn read_whole(text: &str, b: &mut Build<'_>) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    (&mut de).deserialize_any(Envelope(b))?;
    de.end()
}

/// Re-reads a page that could not be read whole, record by record: the envelope without
/// its records, then each record on its own. `first` is the error to report when the
/// records cannot be told apart (the problem is not inside one record).
fn reread<'s>(body: &[u8], shape: &'s Shape, first: Error) -> Result<Build<'s>, Error> {
    let Some(members) = split::envelope(body) else {
        return Err(first);
    };
    let Some(list) = split::find(body, &members, LIST).map(|m| m.value.clone()) else {
        return Err(first);
    };
    let Some(spans) = split::elements(body, list.clone()) else {
        return Err(first);
    };
    let mut env = Vec::with_capacity(body.len() - list.len() + 2);
    env.extend_from_slice(&body[..list.start]);
    env.extend_from_slice(b"[]");
    env.extend_from_slice(&body[list.end..]);
    let (env_body, offset) = strip_bom(&env);
    let text = match std::str::from_utf8(env_body) {
        Ok(text) => text,
        Err(e) => return Err(not_utf8(&env, e, offset, " outside valueObjectList")),
    };
    let mut b = Build::new(shape, body.len());
    read_whole(text, &mut b).map_err(|e| syntax_error(&env, &e))?;
    for (index, span) in spans.into_iter().enumerate() {
        b.record_alone(&body[span], index);
    }
    Ok(b)
}

/// Decodes one page body (UTF-8; see `crate::core::response::decode` for other
/// charsets). Fails with `decode` for a body that is not a JSON envelope and, when
/// `strict`, with `validation` for the first invalid record (unless the envelope says
/// `success: false`, which is reported as such by the caller).
pub fn decode_page(body: &[u8], shape: &Shape, strict: bool) -> Result<Decoded, Error> {
    let (text, offset) = strip_bom(body);
    let build = match std::str::from_utf8(text) {
        Ok(text) => {
            let mut b = Build::new(shape, body.len());
            match read_whole(text, &mut b) {
                Ok(()) => {
                    b.take_raws(body);
                    b
                }
                Err(e) => reread(body, shape, syntax_error(body, &e))?,
            }
        }
        Err(e) => reread(body, shape, not_utf8(body, e, offset, ""))?,
    };
    let page = build.finish()?;
    if strict && page.success != Some(false) {
        if let Some(bad) = page.invalid.first() {
            return Err(
                Error::new(Kind::Validation, format!("{}: {}", bad.path, bad.message))
                    .with_path(bad.path.clone()),
            );
        }
    }
    Ok(page)
}

/// Re-encodes a whole JSON body as ASCII-only JSON (for `client.request()`): checked by
/// serde_json, written as sent with non-ASCII characters escaped.
pub fn transcode(body: &[u8]) -> Result<String, Error> {
    let (text, offset) = strip_bom(body);
    let text = std::str::from_utf8(text).map_err(|e| not_utf8(body, e, offset, ""))?;
    let mut de = serde_json::Deserializer::from_str(text);
    <serde::de::IgnoredAny as serde::Deserialize>::deserialize(&mut de)
        .and_then(|_| de.end())
        .map_err(|e| syntax_error(body, &e))?;
    Ok(ascii_json(text))
}

#[cfg(test)]
mod tests;
