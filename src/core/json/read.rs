//! A forgiving-nothing JSON reader over the bytes of a response body.
//!
//! It never panics and never allocates for values it only copies: strings are scanned in
//! place (validating escapes and UTF-8) and copied to the ASCII-only output with
//! [`Reader::copy_string`]; any value can be copied whole with [`Reader::copy_value`].
//! Nesting deeper than [`MAX_DEPTH`] is refused instead of overflowing the stack.

use super::write::{self, Out};
use std::borrow::Cow;

/// The deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 64;

/// A JSON syntax problem at a byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Syntax {
    /// Byte offset in the body.
    pub pos: usize,
    /// What was expected or found.
    pub what: &'static str,
}

/// Result of the reader's operations.
pub type Res<T> = Result<T, Syntax>;

/// A scanned string literal: the bytes between the quotes.
#[derive(Clone, Copy, Debug)]
pub struct RawStr<'a> {
    /// The bytes between the quotes, escapes not yet resolved.
    pub bytes: &'a [u8],
    /// Whether the literal contains a backslash escape.
    pub escaped: bool,
    /// Whether every byte is ASCII.
    pub ascii: bool,
}

impl<'a> RawStr<'a> {
    /// Whether the string is `""`.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The string's value, with escapes resolved (lone surrogates become U+FFFD).
    pub fn value(&self) -> Cow<'a, str> {
        if !self.escaped {
            // The scanner validated UTF-8 already.
            return String::from_utf8_lossy(self.bytes);
        }
        let mut out = String::with_capacity(self.bytes.len());
        let b = self.bytes;
        let mut i = 0;
        let mut plain_from = 0;
        while i < b.len() {
            if b[i] != b'\\' {
                i += 1;
                continue;
            }
            out.push_str(&String::from_utf8_lossy(&b[plain_from..i]));
            let esc = b.get(i + 1).copied().unwrap_or(b'?');
            i += 2;
            match esc {
                b'n' => out.push('\n'),
                b't' => out.push('\t'),
                b'r' => out.push('\r'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'u' => {
                    let hi = hex4(b, i).unwrap_or(0xfffd);
                    i += 4;
                    let c = if (0xd800..0xdc00).contains(&hi)
                        && b.get(i) == Some(&b'\\')
                        && b.get(i + 1) == Some(&b'u')
                    {
                        match hex4(b, i + 2) {
                            Some(lo) if (0xdc00..0xe000).contains(&lo) => {
                                i += 6;
                                char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00))
                            }
                            _ => None,
                        }
                    } else {
                        char::from_u32(hi)
                    };
                    out.push(c.unwrap_or('\u{fffd}'));
                }
                other => out.push(char::from(other)),
            }
            plain_from = i;
        }
        if plain_from < b.len() {
            out.push_str(&String::from_utf8_lossy(&b[plain_from..]));
        }
        Cow::Owned(out)
    }
}

fn hex4(b: &[u8], at: usize) -> Option<u32> {
    let digits = b.get(at..at + 4)?;
    let mut v = 0u32;
    for &d in digits {
        v = v * 16 + char::from(d).to_digit(16)?;
    }
    Some(v)
}

/// What the next value is, judged by its first byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// `{`
    Object,
    /// `[`
    Array,
    /// `"`
    String,
    /// `-` or a digit
    Number,
    /// `true` / `false`
    Bool,
    /// `null`
    Null,
    /// Anything else (including the end of the input).
    Invalid,
}

/// A cursor over a JSON body.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        let mut r = Reader { buf, pos: 0 };
        // A UTF-8 byte order mark is not JSON, but some servers send one.
        if buf.starts_with(&[0xef, 0xbb, 0xbf]) {
            r.pos = 3;
        }
        r
    }

    /// The length of the whole body.
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// The current byte offset.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Moves back to an offset returned by [`Reader::pos`].
    pub fn rewind(&mut self, pos: usize) {
        self.pos = pos.min(self.buf.len());
    }

    /// The bytes between two offsets.
    pub fn slice(&self, from: usize, to: usize) -> &'a [u8] {
        self.buf.get(from..to).unwrap_or(&[])
    }

    fn err<T>(&self, what: &'static str) -> Res<T> {
        Err(Syntax {
            pos: self.pos,
            what,
        })
    }

    /// Skips whitespace and returns the next byte without consuming it.
    pub fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.buf.get(self.pos) {
            if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                self.pos += 1;
            } else {
                return Some(b);
            }
        }
        None
    }

    /// Whether only whitespace is left.
    pub fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// What kind of value comes next.
    pub fn next_kind(&mut self) -> Next {
        match self.peek() {
            Some(b'{') => Next::Object,
            Some(b'[') => Next::Array,
            Some(b'"') => Next::String,
            Some(b'-' | b'0'..=b'9') => Next::Number,
            Some(b't' | b'f') => Next::Bool,
            Some(b'n') => Next::Null,
            _ => Next::Invalid,
        }
    }

    /// Consumes `b` (after whitespace) or fails with `what`.
    pub fn consume(&mut self, b: u8, what: &'static str) -> Res<()> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            self.err(what)
        }
    }

    /// After an element of an object or array: consumes `,` and returns true, or consumes
    /// `close` and returns false.
    pub fn comma_or(&mut self, close: u8, what: &'static str) -> Res<bool> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => self.err(what),
        }
    }

    /// Consumes the string literal `"name"` if it comes next, byte for byte (`name` must
    /// hold no `"` or `\\`); a key spelled with escapes is left for [`Reader::string`].
    pub fn eat_key(&mut self, name: &str) -> bool {
        self.peek();
        let n = name.len();
        let at = self.pos;
        let matches = self.buf.get(at) == Some(&b'"')
            && self.buf.get(at + 1..at + 1 + n) == Some(name.as_bytes())
            && self.buf.get(at + 1 + n) == Some(&b'"');
        if matches {
            self.pos = at + n + 2;
        }
        matches
    }

    /// Consumes `close` if it comes next (an empty object or array).
    pub fn eat(&mut self, close: u8) -> bool {
        if self.peek() == Some(close) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Reads `null`.
    pub fn null(&mut self) -> Res<()> {
        self.literal(b"null")
    }

    /// Reads `true` or `false`.
    pub fn boolean(&mut self) -> Res<bool> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|_| true),
            Some(b'f') => self.literal(b"false").map(|_| false),
            _ => self.err("expected true or false"),
        }
    }

    fn literal(&mut self, word: &'static [u8]) -> Res<()> {
        self.peek();
        if self.buf.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(())
        } else {
            self.err("invalid literal")
        }
    }

    /// Reads a number and returns its text (validated against the JSON grammar).
    pub fn number(&mut self) -> Res<&'a str> {
        self.peek();
        let start = self.pos;
        let end = scan_number(self.buf, start).ok_or(Syntax {
            pos: start,
            what: "invalid number",
        })?;
        self.pos = end;
        // The grammar admits ASCII only.
        Ok(std::str::from_utf8(&self.buf[start..end]).unwrap_or("0"))
    }

    /// Reads a string literal, validating its escapes and UTF-8.
    pub fn string(&mut self) -> Res<RawStr<'a>> {
        self.consume(b'"', "expected a string")?;
        let start = self.pos;
        let mut escaped = false;
        let mut ascii = true;
        let b = self.buf;
        let mut i = start;
        loop {
            i = plain_run(b, i);
            let Some(&c) = b.get(i) else {
                self.pos = i;
                return self.err("unterminated string");
            };
            match c {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    match b.get(i + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                        Some(b'u') if hex4(b, i + 2).is_some() => i += 6,
                        _ => {
                            self.pos = i;
                            return self.err("invalid escape in string");
                        }
                    }
                }
                0..=0x1f => {
                    self.pos = i;
                    return self.err("control character in string");
                }
                _ => match b.get(i..).and_then(utf8_len) {
                    Some(n) => {
                        ascii = false;
                        i += n;
                    }
                    None => {
                        self.pos = i;
                        return self.err("invalid UTF-8 in string");
                    }
                },
            }
        }
        self.pos = i + 1;
        Ok(RawStr {
            bytes: &b[start..i],
            escaped,
            ascii,
        })
    }

    /// Skips any value, checking its syntax.
    pub fn skip_value(&mut self, depth: usize) -> Res<()> {
        self.value_into::<Vec<u8>>(&mut None, depth)
    }

    /// Copies any value to `out` as ASCII-only JSON.
    pub fn copy_value<O: Out>(&mut self, out: &mut O, depth: usize) -> Res<()> {
        self.value_into(&mut Some(out), depth)
    }

    fn value_into<O: Out>(&mut self, sink: &mut Option<&mut O>, depth: usize) -> Res<()> {
        match self.next_kind() {
            Next::String => {
                let s = self.string()?;
                emit_string(sink, s);
            }
            Next::Number => {
                let n = self.number()?;
                emit(sink, n);
            }
            Next::Bool => {
                let v = self.boolean()?;
                emit(sink, if v { "true" } else { "false" });
            }
            Next::Null => {
                self.null()?;
                emit(sink, "null");
            }
            Next::Object => {
                if depth >= MAX_DEPTH {
                    return self.err("nesting too deep");
                }
                self.pos += 1;
                emit(sink, "{");
                if !self.eat(b'}') {
                    loop {
                        let key = self.string()?;
                        emit_string(sink, key);
                        self.consume(b':', "expected ':' after a key")?;
                        emit(sink, ":");
                        self.value_into(sink, depth + 1)?;
                        if self.comma_or(b'}', "expected ',' or '}' in an object")? {
                            emit(sink, ",");
                        } else {
                            break;
                        }
                    }
                }
                emit(sink, "}");
            }
            Next::Array => {
                if depth >= MAX_DEPTH {
                    return self.err("nesting too deep");
                }
                self.pos += 1;
                emit(sink, "[");
                if !self.eat(b']') {
                    loop {
                        self.value_into(sink, depth + 1)?;
                        if self.comma_or(b']', "expected ',' or ']' in an array")? {
                            emit(sink, ",");
                        } else {
                            break;
                        }
                    }
                }
                emit(sink, "]");
            }
            Next::Invalid => {
                return if self.peek().is_none() {
                    self.err("unexpected end of the body")
                } else {
                    self.err("expected a JSON value")
                };
            }
        }
        Ok(())
    }
}

fn emit<O: Out>(sink: &mut Option<&mut O>, s: &str) {
    if let Some(out) = sink {
        out.put(s);
    }
}

fn emit_string<O: Out>(sink: &mut Option<&mut O>, s: RawStr<'_>) {
    if let Some(out) = sink {
        copy_string(*out, s);
    }
}

/// The end of the run of plain bytes (printable ASCII other than `"` and `\\`) that starts
/// at `i`, eight bytes at a time: strings are mostly such runs.
fn plain_run(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
        if (zero_byte(quote) | zero_byte(backslash) | control | (x & HIGHS)) != 0 {
            break;
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if !(0x20..0x80).contains(&c) || c == b'"' || c == b'\\' {
            break;
        }
        i += 1;
    }
    i
}

/// Appends a scanned string literal (quotes included) as ASCII-only JSON, keeping its
/// escapes as they came and escaping non-ASCII characters.
pub fn copy_string<O: Out + ?Sized>(out: &mut O, s: RawStr<'_>) {
    out.put_byte(b'"');
    copy_string_body(out, s);
    out.put_byte(b'"');
}

/// Like [`copy_string`] without the quotes.
pub fn copy_string_body<O: Out + ?Sized>(out: &mut O, s: RawStr<'_>) {
    let b = s.bytes;
    if s.ascii {
        // Escapes are ASCII and valid already; control characters were refused.
        out.put_valid(b);
        return;
    }
    let mut i = 0;
    let mut plain_from = 0;
    while i < b.len() {
        if b[i] < 0x80 {
            i += 1;
            continue;
        }
        out.put_valid(&b[plain_from..i]);
        let n = b.get(i..).and_then(utf8_len).unwrap_or(1);
        let ch = b
            .get(i..i + n)
            .and_then(|seq| std::str::from_utf8(seq).ok())
            .and_then(|s| s.chars().next())
            .unwrap_or('\u{fffd}');
        write::char_escape(out, ch);
        i += n;
        plain_from = i;
    }
    out.put_valid(&b[plain_from..]);
}

/// The length of the valid UTF-8 sequence at the start of `b` (non-ASCII lead byte), if any.
fn utf8_len(b: &[u8]) -> Option<usize> {
    let lead = *b.first()?;
    let n = match lead {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    let seq = b.get(..n)?;
    std::str::from_utf8(seq).ok().map(|_| n)
}

/// The end offset of a JSON number starting at `start`, if one is there.
pub fn scan_number(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !matches!(b.get(i), Some(b'0'..=b'9')) {
            return None;
        }
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !matches!(b.get(i), Some(b'0'..=b'9')) {
            return None;
        }
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
    }
    Some(i)
}

/// Whether `s` is exactly one JSON number.
pub fn is_json_number(s: &str) -> bool {
    scan_number(s.as_bytes(), 0) == Some(s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(input: &str) -> Res<String> {
        let mut r = Reader::new(input.as_bytes());
        let mut out = String::new();
        r.copy_value(&mut out, 0)?;
        if !r.at_end() {
            return Err(Syntax {
                pos: r.pos(),
                what: "trailing",
            });
        }
        Ok(out)
    }

    #[test]
    fn copies_values_as_equal_ascii_json() {
        let inputs = [
            r#"{"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}}"#,
            r#""€ and \u00e8 and \n and \ud83d\ude00""#,
            r#"[]"#,
            r#"{}"#,
            "  \"x\"  ",
            r#"{"Città":"Nicolò Müller"}"#,
        ];
        for input in inputs {
            let out = copy(input).unwrap();
            assert!(out.is_ascii(), "{out}");
            let a: serde_json::Value = serde_json::from_str(input).unwrap();
            let b: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(a, b, "{input}");
        }
    }

    #[test]
    fn refuses_what_json_parse_refuses() {
        let bad = [
            "",
            "{",
            "[1,]",
            "{\"a\"}",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "1e",
            "tru",
            "nul",
            "\"abc",
            "\"\\x\"",
            "\"\\u12\"",
            "\"a\u{1}\"",
            "{'a':1}",
            "<html>",
            "[1 2]",
        ];
        for input in bad {
            assert!(copy(input).is_err(), "accepted {input:?}");
        }
    }

    #[test]
    fn refuses_invalid_utf8_and_deep_nesting() {
        let mut r = Reader::new(b"\"\xff\"");
        assert_eq!(r.string().unwrap_err().what, "invalid UTF-8 in string");
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(copy(&deep).unwrap_err().what, "nesting too deep");
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(copy(&ok).is_ok());
    }

    #[test]
    fn eat_key_matches_only_the_exact_literal() {
        let mut r = Reader::new(br#" "price": 1"#);
        assert!(!r.eat_key("pric"));
        assert!(!r.eat_key("prices"));
        assert!(r.eat_key("price"));
        assert_eq!(r.peek(), Some(b':'));
        let mut r = Reader::new(br#""pr\u0069ce""#);
        assert!(!r.eat_key("price"), "escaped spellings go through string()");
        assert_eq!(r.string().unwrap().value(), "price");
    }

    #[test]
    fn resolves_escapes() {
        let mut r = Reader::new(br#""a\"b\\c\/d\u00e8\ud83d\ude00\ud800x""#);
        let s = r.string().unwrap();
        assert_eq!(s.value(), "a\"b\\c/dè😀\u{fffd}x");
    }

    #[test]
    fn numbers_follow_the_grammar() {
        for ok in ["0", "-0", "12", "1.5", "-1.5e-3", "1E+2"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in ["", "+1", "01", ".5", "1.", "1e", "NaN", "1,5", " 1", "0x10"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }
}
