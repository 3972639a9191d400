//! serde_json writing ASCII-only JSON: the same text as serde_json's compact output, with
//! every non-ASCII character written as a `\uXXXX` escape by [`super::write`] (the bytes a
//! request body had when it was written by hand, whatever the server makes of UTF-8).

use super::write;
use serde::Serialize;
use std::io;

/// serde_json's compact formatter, with string contents escaped to ASCII.
struct Ascii;

impl serde_json::ser::Formatter for Ascii {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // serde_json hands over the runs it does not escape itself (no quote, backslash or
        // control character): only their non-ASCII characters are left to escape.
        if fragment.is_ascii() {
            return writer.write_all(fragment.as_bytes());
        }
        let mut out = String::with_capacity(fragment.len() + 16);
        write::string_body(&mut out, fragment);
        writer.write_all(out.as_bytes())
    }
}

/// `value` as ASCII-only JSON text; `None` where serde_json refuses it (a map with keys
/// that are not strings, a failing `Serialize`).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Ascii);
    value.serialize(&mut ser).ok()?;
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_serde_json_writes_with_non_ascii_escaped() {
        let value = serde_json::json!({"system": "Caf\u{e9} \"\u{20ac}\"\n\u{1F600}", "n": 1});
        let text = to_string(&value).unwrap();
        assert!(text.is_ascii(), "{text}");
        assert!(
            text.contains("Caf\\u00e9 \\\"\\u20ac\\\"\\n\\ud83d\\ude00"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        let ascii = serde_json::json!({"a": "plain"});
        assert_eq!(
            to_string(&ascii).unwrap(),
            serde_json::to_string(&ascii).unwrap()
        );
    }
}
