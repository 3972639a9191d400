//! Writing JSON text that is pure ASCII: every non-ASCII character is written as a
//! `\uXXXX` escape, so that turning the output into a JavaScript string takes the fast
//! path of `TextDecoder` (PERF-NOTES.md: worth about 30 % on bodies holding "€").

/// Appends `s` as a JSON string literal (quoted, escaped, ASCII only).
pub fn string(out: &mut String, s: &str) {
    out.push('"');
    string_body(out, s);
    out.push('"');
}

/// Appends the escaped contents of `s` without the surrounding quotes.
pub fn string_body(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut plain_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if (0x20..0x80).contains(&b) && b != b'"' && b != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&s[plain_from..i]);
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
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
    }
    out.push_str(&s[plain_from..]);
}

/// Appends `c` as one or two (surrogate pair) `\uXXXX` escapes.
pub fn char_escape(out: &mut String, c: char) {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        unicode_escape(out, u32::from(*unit));
    }
}

/// Appends `\uXXXX` for one UTF-16 code unit.
pub fn unicode_escape(out: &mut String, unit: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[((unit >> shift) & 0xf) as usize]));
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
