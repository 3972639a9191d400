//! The page decoder: one pass over a response body that checks the 4WS envelope and
//! transcodes every record of `valueObjectList` into normalised, ASCII-only JSON,
//! following the endpoint's [`Schema`]. Fields the schema does not list are copied as
//! they came; a record that fails validation is set aside whole (its raw JSON, path and
//! reason) so that no record is ever silently dropped.

use super::error::{Error, Kind};
use super::fields;
use super::json::read::{copy_string, Next, Reader, Syntax, MAX_DEPTH};
use super::schema::{FieldKind, Presence, Schema};

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
    /// The record as the server sent it (ASCII-escaped JSON).
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
    /// `success`, if the envelope has one.
    pub success: Option<bool>,
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
    /// A hash of `valueObjectList` as sent, to notice a page that repeats the previous one.
    pub fingerprint: u64,
}

const MESSAGE_KEYS: [&str; 5] = ["message", "errorMessage", "error", "msg", "description"];

/// A problem found while transcoding.
enum Fault {
    Syntax(Syntax),
    Invalid { path: Vec<Seg>, message: String },
}

enum Seg {
    Key(String),
    Index(usize),
}

impl From<Syntax> for Fault {
    fn from(s: Syntax) -> Self {
        Fault::Syntax(s)
    }
}

fn invalid(message: String) -> Fault {
    Fault::Invalid {
        path: Vec::new(),
        message,
    }
}

fn at(seg: Seg) -> impl FnOnce(Fault) -> Fault {
    move |f| match f {
        Fault::Invalid { mut path, message } => {
            path.push(seg);
            Fault::Invalid { path, message }
        }
        other => other,
    }
}

fn render_path(segs: &[Seg]) -> String {
    let mut out = String::new();
    for seg in segs.iter().rev() {
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

/// Describes a syntax problem for a person, recognising the usual culprits.
fn syntax_error(body: &[u8], s: &Syntax) -> Error {
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
    } else if s.pos >= body.len() {
        format!(
            "the body ends in the middle of the JSON after {} bytes (a truncated response; \
             retry the request)",
            body.len()
        )
    } else {
        format!("the body is not valid JSON: {} at byte {}", s.what, s.pos)
    };
    Error::new(Kind::Decode, message)
}

/// The transcoder's output as a `String`: it is ASCII by construction.
fn ascii_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A fast 64-bit fingerprint of a byte run (eight bytes at a time), to tell pages apart.
fn fingerprint(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h: u64 = bytes.len() as u64 ^ 0xcbf2_9ce4_8422_2325;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word))
            .wrapping_mul(K)
            .rotate_left(29);
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(K).rotate_left(29);
    }
    h ^ (h >> 32)
}

/// Decodes one page body. Fails with `decode` for a body that is not a JSON envelope and,
/// when `strict`, with `validation` for the first invalid record (unless the envelope says
/// `success: false`, which is reported as such by the caller).
pub fn decode_page(body: &[u8], shape: &Shape, strict: bool) -> Result<Decoded, Error> {
    let mut d = Decoder {
        r: Reader::new(body),
        shape,
        page: Decoded::default(),
    };
    match d.envelope() {
        Ok(()) => {}
        Err(Fault::Syntax(s)) => return Err(syntax_error(body, &s)),
        Err(Fault::Invalid { path, message }) => {
            let path = render_path(&path);
            return Err(Error::new(Kind::Validation, format!("{path}: {message}")).with_path(path));
        }
    }
    let page = d.page;
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

struct Decoder<'a, 's> {
    r: Reader<'a>,
    shape: &'s Shape,
    page: Decoded,
}

impl Decoder<'_, '_> {
    fn envelope(&mut self) -> Result<(), Fault> {
        if self.r.next_kind() != Next::Object {
            return Err(Fault::Syntax(Syntax {
                pos: self.r.pos(),
                what: "expected a JSON object",
            }));
        }
        self.r.consume(b'{', "expected a JSON object")?;
        let mut summary: Vec<u8> = Vec::new();
        let mut summary_hint = 0;
        // The output is about as long as the body.
        let mut items: Vec<u8> = Vec::with_capacity(self.r.len() + self.r.len() / 16 + 16);
        items.push(b'[');
        if !self.r.eat(b'}') {
            loop {
                let key = self.r.string()?;
                self.r.consume(b':', "expected ':' after a key")?;
                match key.bytes {
                    b"success" => self.page.success = Some(self.r.boolean()?),
                    b"moreRows" => self.page.more_rows = Some(self.more_rows()?),
                    b"resultSetLength" => {
                        self.page.result_set_length = self.result_set_length()?;
                    }
                    b"valueObjectList" => self.records(&mut items)?,
                    _ => {
                        summary.push(if summary.is_empty() { b'{' } else { b',' });
                        copy_string(&mut summary, key);
                        summary.push(b':');
                        let name = key.value();
                        if MESSAGE_KEYS.contains(&name.as_ref())
                            && self.r.next_kind() == Next::String
                        {
                            let at = self.r.pos();
                            self.page.message = Some(self.r.string()?.value().into_owned());
                            self.r.rewind(at);
                        }
                        match self
                            .shape
                            .summary
                            .and_then(|s| s.find(key.bytes, summary_hint))
                        {
                            Some(i) => {
                                summary_hint = i + 1;
                                let (kind, presence) = match self.shape.summary {
                                    Some(s) => (s.fields[i].kind, s.fields[i].presence),
                                    None => (FieldKind::Any, Presence::Optional),
                                };
                                self.value(kind, presence, &mut summary, 1)
                                    .map_err(|e| at(Seg::Key(name.into_owned()))(e))?;
                            }
                            None => self.r.copy_value(&mut summary, 1)?,
                        }
                    }
                }
                if !self
                    .r
                    .comma_or(b'}', "expected ',' or '}' in the envelope")?
                {
                    break;
                }
            }
        }
        if !self.r.at_end() {
            return Err(Fault::Syntax(Syntax {
                pos: self.r.pos(),
                what: "unexpected data after the JSON object",
            }));
        }
        items.push(b']');
        self.page.items = ascii_text(items);
        if !summary.is_empty() {
            summary.push(b'}');
            self.page.summary = Some(ascii_text(summary));
        }
        Ok(())
    }

    fn more_rows(&mut self) -> Result<bool, Fault> {
        match self.r.next_kind() {
            Next::Bool => Ok(self.r.boolean()?),
            Next::String => match self.r.string()?.value().as_ref() {
                "T" | "Y" | "true" => Ok(true),
                "F" | "N" | "false" => Ok(false),
                _ => Err(invalid("moreRows is neither true nor false".into()))
                    .map_err(at(Seg::Key("moreRows".into()))),
            },
            Next::Null => {
                self.r.null()?;
                Err(invalid("moreRows is null".into())).map_err(at(Seg::Key("moreRows".into())))
            }
            _ => Err(invalid("moreRows is not a boolean".into()))
                .map_err(at(Seg::Key("moreRows".into()))),
        }
    }

    fn result_set_length(&mut self) -> Result<Option<u64>, Fault> {
        let text = match self.r.next_kind() {
            Next::Number => self.r.number()?.to_owned(),
            Next::String => self.r.string()?.value().into_owned(),
            Next::Null => {
                self.r.null()?;
                return Ok(None);
            }
            _ => String::new(),
        };
        text.parse::<u64>().map(Some).map_err(|_| {
            at(Seg::Key("resultSetLength".into()))(invalid(format!(
                "{} is not a count of elements",
                fields::show(&text)
            )))
        })
    }

    fn records(&mut self, items: &mut Vec<u8>) -> Result<(), Fault> {
        match self.r.next_kind() {
            Next::Null => {
                self.r.null()?;
                return Ok(());
            }
            Next::Array => {}
            _ => {
                return Err(at(Seg::Key("valueObjectList".into()))(invalid(
                    "valueObjectList is not an array".into(),
                )))
            }
        }
        let list_start = self.r.pos();
        self.r.consume(b'[', "expected '['")?;
        if !self.r.eat(b']') {
            let mut index = 0;
            loop {
                self.record(index, items)?;
                index += 1;
                if !self
                    .r
                    .comma_or(b']', "expected ',' or ']' in valueObjectList")?
                {
                    break;
                }
            }
        }
        self.page.fingerprint = fingerprint(self.r.slice(list_start, self.r.pos()));
        Ok(())
    }

    fn record(&mut self, index: usize, items: &mut Vec<u8>) -> Result<(), Syntax> {
        self.r.peek();
        let in_start = self.r.pos();
        let out_start = items.len();
        if self.page.item_count > 0 {
            items.push(b',');
        }
        let result = match self.shape.record {
            Some(schema) => match self.r.next_kind() {
                Next::Object => self.object(schema, items, 1).map(|rows| rows.unwrap_or(0)),
                Next::Null => Err(invalid("the record is null".into())),
                _ => Err(invalid("the record is not an object".into())),
            },
            None => self.r.copy_value(items, 1).map(|_| 0).map_err(Fault::from),
        };
        match result {
            Ok(rows) => {
                self.page.item_count += 1;
                self.page.elements += match self.shape.counting {
                    Counting::Records => 1,
                    Counting::Rows(_) => rows,
                };
                Ok(())
            }
            Err(Fault::Syntax(s)) => Err(s),
            Err(Fault::Invalid { mut path, message }) => {
                path.push(Seg::Index(index));
                path.push(Seg::Key("valueObjectList".into()));
                items.truncate(out_start);
                self.r.rewind(in_start);
                let mut raw: Vec<u8> = Vec::new();
                self.r.copy_value(&mut raw, 1)?;
                self.page.elements += match self.shape.counting {
                    Counting::Records => 1,
                    Counting::Rows(key) => count_rows(&raw, key),
                };
                let raw = ascii_text(raw);
                self.page.invalid.push(Invalid {
                    index,
                    path: render_path(&path),
                    message,
                    raw,
                });
                Ok(())
            }
        }
    }

    /// Transcodes an object; returns the row count of the counted array, if the shape
    /// counts rows and the object holds that array.
    fn object(
        &mut self,
        schema: &'static Schema,
        out: &mut Vec<u8>,
        depth: usize,
    ) -> Result<Option<u64>, Fault> {
        if depth >= MAX_DEPTH {
            return Err(Fault::Syntax(Syntax {
                pos: self.r.pos(),
                what: "nesting too deep",
            }));
        }
        self.r.consume(b'{', "expected an object")?;
        out.push(b'{');
        let mut seen: u128 = 0;
        let mut hint = 0;
        let mut rows = None;
        if !self.r.eat(b'}') {
            loop {
                // Servers send fields in a stable order: try the expected key as a literal
                // before scanning (a schema name has no escapes, so equal bytes are equal keys).
                let expected = schema.fields.get(hint).map(|f| f.name);
                let found = match expected {
                    Some(name) if self.r.eat_key(name) => {
                        out.push(b'"');
                        out.extend_from_slice(name.as_bytes());
                        out.push(b'"');
                        Some(hint)
                    }
                    _ => {
                        let key = self.r.string()?;
                        copy_string(out, key);
                        schema.find(key.bytes, hint)
                    }
                };
                self.r.consume(b':', "expected ':' after a key")?;
                out.push(b':');
                match found {
                    Some(i) => {
                        hint = i + 1;
                        seen |= 1u128 << (i % 128);
                        let f = &schema.fields[i];
                        let len = self
                            .value(f.kind, f.presence, out, depth + 1)
                            .map_err(|e| at(Seg::Key(f.name.to_owned()))(e))?;
                        if let Counting::Rows(counted) = self.shape.counting {
                            if depth == 1 && f.name == counted {
                                rows = Some(len);
                            }
                        }
                    }
                    None => self.r.copy_value(out, depth + 1)?,
                }
                if !self.r.comma_or(b'}', "expected ',' or '}' in an object")? {
                    break;
                }
                out.push(b',');
            }
        }
        out.push(b'}');
        for (i, f) in schema.fields.iter().enumerate() {
            if f.presence != Presence::Optional && seen & (1u128 << (i % 128)) == 0 {
                return Err(at(Seg::Key(f.name.to_owned()))(invalid(
                    "is missing but the docs make it mandatory".into(),
                )));
            }
        }
        Ok(rows)
    }

    /// Transcodes one value; returns its length if it is an array of records, else 0.
    fn value(
        &mut self,
        kind: FieldKind,
        presence: Presence,
        out: &mut Vec<u8>,
        depth: usize,
    ) -> Result<u64, Fault> {
        let scalar = match (self.r.next_kind(), kind) {
            (_, FieldKind::Any) => self.r.copy_value(out, depth).map_err(Fault::from),
            (Next::Null, _) => {
                self.r.null()?;
                fields::null(presence, out).map_err(invalid)
            }
            (Next::Object, FieldKind::Object(schema)) => {
                self.object(schema, out, depth).map(|_| ())
            }
            (Next::Array, FieldKind::List(schema)) => {
                self.r.consume(b'[', "expected '['")?;
                out.push(b'[');
                let mut i = 0;
                if !self.r.eat(b']') {
                    loop {
                        if self.r.next_kind() == Next::Object {
                            self.object(schema, out, depth + 1)
                                .map_err(|e| at(Seg::Index(i))(e))?;
                        } else {
                            return Err(at(Seg::Index(i))(invalid(
                                "expected an object in this array".into(),
                            )));
                        }
                        i += 1;
                        if !self.r.comma_or(b']', "expected ',' or ']' in an array")? {
                            break;
                        }
                        out.push(b',');
                    }
                }
                out.push(b']');
                return Ok(i as u64);
            }
            (Next::String, _) => {
                let s = self.r.string()?;
                fields::string(kind, presence, s, out).map_err(invalid)
            }
            (Next::Number, _) => {
                let n = self.r.number()?;
                fields::number(kind, n, out).map_err(invalid)
            }
            (Next::Bool, _) => {
                let b = self.r.boolean()?;
                fields::boolean(kind, b, out).map_err(invalid)
            }
            (Next::Object, _) => Err(invalid(fields::wrong_container(kind, true))),
            (Next::Array, _) => Err(invalid(fields::wrong_container(kind, false))),
            (Next::Invalid, _) => {
                // Let the reader name the syntax problem.
                self.r.skip_value(depth).map_err(Fault::from)
            }
        };
        scalar.map(|()| 0)
    }
}

fn array_len(r: &mut Reader<'_>) -> Result<u64, Syntax> {
    if r.next_kind() != Next::Array {
        r.skip_value(1)?;
        return Ok(0);
    }
    r.consume(b'[', "expected '['")?;
    if r.eat(b']') {
        return Ok(0);
    }
    let mut n = 0;
    loop {
        r.skip_value(2)?;
        n += 1;
        if !r.comma_or(b']', "expected ',' or ']'")? {
            return Ok(n);
        }
    }
}

/// Counts the elements of the array `key` of a raw record (for invalid records).
fn count_rows(raw: &[u8], key: &str) -> u64 {
    let mut r = Reader::new(raw);
    if r.consume(b'{', "").is_err() || r.eat(b'}') {
        return 0;
    }
    loop {
        let Ok(k) = r.string() else { return 0 };
        if r.consume(b':', "").is_err() {
            return 0;
        }
        if k.bytes == key.as_bytes() && r.next_kind() == Next::Array {
            return array_len(&mut r).unwrap_or(0);
        }
        if r.skip_value(1).is_err() || !r.comma_or(b'}', "").unwrap_or(false) {
            return 0;
        }
    }
}

#[cfg(test)]
mod tests;
