//! serde_json writing ASCII-only JSON: serde_json's compact output with every non-ASCII
//! character written as a `\uXXXX` escape (the bytes a request body had when it was
//! written by hand, whatever the server makes of UTF-8).

use super::write;
use serde::Serialize;

/// `value` as ASCII-only JSON text; `None` where serde_json refuses it (a map with keys
/// that are not strings, a failing `Serialize`).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    // serde_json's own writer (already in the module for pages), then one pass: outside
    // strings its output is ASCII, and inside them an escape means the same character.
    let text = serde_json::to_string(value).ok()?;
    if text.is_ascii() {
        return Some(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            write::char_escape(&mut out, c);
        }
    }
    Some(out)
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
