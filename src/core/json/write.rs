//! Writing JSON text that is pure ASCII: every non-ASCII character is written as a
//! `\uXXXX` escape, so that turning the output into a JavaScript string takes the fast
//! path of `TextDecoder` (one byte per character, no UTF-8 decoding), which matters on
//! bodies holding accented names or "€".

/// Where JSON text is written: a `String`, or the decoder's byte buffer.
pub trait Out {
    /// Appends text.
    fn put(&mut self, s: &str);
    /// Appends one ASCII byte.
    fn put_byte(&mut self, b: u8);
    /// Appends bytes known to be valid UTF-8.
    fn put_valid(&mut self, b: &[u8]);
}

impl Out for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
    fn put_byte(&mut self, b: u8) {
        self.push(char::from(b));
    }
    fn put_valid(&mut self, b: &[u8]) {
        self.push_str(&String::from_utf8_lossy(b));
    }
}

impl Out for Vec<u8> {
    fn put(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
    fn put_byte(&mut self, b: u8) {
        self.push(b);
    }
    fn put_valid(&mut self, b: &[u8]) {
        self.extend_from_slice(b);
    }
}

/// Appends `s` as a JSON string literal (quoted, escaped, ASCII only).
pub fn string<O: Out + ?Sized>(out: &mut O, s: &str) {
    out.put_byte(b'"');
    string_body(out, s);
    out.put_byte(b'"');
}

/// Appends the escaped contents of `s` without the surrounding quotes.
pub fn string_body<O: Out + ?Sized>(out: &mut O, s: &str) {
    let bytes = s.as_bytes();
    let mut plain_from = 0;
    let mut i = plain_run(bytes, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if (0x20..0x80).contains(&b) && b != b'"' && b != b'\\' {
            i += 1;
            continue;
        }
        out.put(&s[plain_from..i]);
        match b {
            b'"' => out.put("\\\""),
            b'\\' => out.put("\\\\"),
            b'\n' => out.put("\\n"),
            b'\r' => out.put("\\r"),
            b'\t' => out.put("\\t"),
            0..=0x1f => unicode_escape(out, u32::from(b)),
            _ => {
                // The start of a multi-byte character: escape the whole character.
                if let Some(c) = s.get(i..).and_then(|rest| rest.chars().next()) {
                    char_escape(out, c);
                    i += c.len_utf8() - 1;
                }
            }
        }
        i += 1;
        plain_from = i;
        i = plain_run(bytes, i);
    }
    out.put(&s[plain_from..]);
}

/// The end of the run of bytes that need no escaping (printable ASCII other than `"` and
/// `\\`) that starts at `i`, eight bytes at a time: strings are mostly such runs.
pub fn plain_run(b: &[u8], mut i: usize) -> usize {
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
    i
}

/// The end of the run of ASCII bytes that starts at `i`, eight bytes at a time.
pub fn ascii_run(b: &[u8], mut i: usize) -> usize {
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if u64::from_le_bytes(word) & HIGHS != 0 {
            break;
        }
        i += 8;
    }
    while b.get(i).is_some_and(u8::is_ascii) {
        i += 1;
    }
    i
}

/// Appends `c` as one or two (surrogate pair) `\uXXXX` escapes.
pub fn char_escape<O: Out + ?Sized>(out: &mut O, c: char) {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        unicode_escape(out, u32::from(*unit));
    }
}

/// Appends `\uXXXX` for one UTF-16 code unit.
pub fn unicode_escape<O: Out + ?Sized>(out: &mut O, unit: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.put("\\u");
    for shift in [12, 8, 4, 0] {
        out.put_byte(HEX[((unit >> shift) & 0xf) as usize]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> String {
        let mut out = String::new();
        string(&mut out, s);
        out
    }

    #[test]
    fn escapes_to_ascii_and_round_trips() {
        let cases = [
            ("plain", "\"plain\""),
            ("a\"b\\c", "\"a\\\"b\\\\c\""),
            ("line\nnext\ttab\r", "\"line\\nnext\\ttab\\r\""),
            ("\u{1}", "\"\\u0001\""),
            ("€ 5", "\"\\u20ac 5\""),
            ("Nicolò", "\"Nicol\\u00f2\""),
            ("😀x", "\"\\ud83d\\ude00x\""),
        ];
        for (input, want) in cases {
            let got = esc(input);
            assert_eq!(got, want, "escaping {input:?}");
            assert!(got.is_ascii());
            let back: String = serde_json::from_str(&got).unwrap();
            assert_eq!(back, input);
        }
    }
}
