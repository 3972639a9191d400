//! The charset a response declares in its `Content-Type`, and turning a body in a
//! single-byte Western charset into UTF-8 before it is decoded.
//!
//! JSON is UTF-8 (RFC 8259), and that is what is read when no charset is declared. A server
//! that declares ISO-8859-1, US-ASCII or windows-1252 is read as windows-1252, as browsers
//! do (the WHATWG Encoding Standard maps all three labels to it). The table is 32 entries
//! written here: a general encoding crate would add far more to the wasm than the one
//! mapping this API can need.

use super::error::{Error, Kind};
use std::borrow::Cow;

/// A charset fourws can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charset {
    /// UTF-8 (also when none is declared).
    Utf8,
    /// windows-1252, which the labels ISO-8859-1, latin1 and US-ASCII mean too.
    Windows1252,
}

const UTF8_LABELS: [&str; 6] = [
    "utf-8",
    "utf8",
    "unicode-1-1-utf-8",
    "unicode11utf8",
    "unicode20utf8",
    "x-unicode20utf8",
];

const WINDOWS_1252_LABELS: [&str; 17] = [
    "windows-1252",
    "cp1252",
    "x-cp1252",
    "iso-8859-1",
    "iso8859-1",
    "iso88591",
    "iso_8859-1",
    "iso_8859-1:1987",
    "iso-ir-100",
    "latin1",
    "l1",
    "csisolatin1",
    "cp819",
    "ibm819",
    "us-ascii",
    "ascii",
    "ansi_x3.4-1968",
];

/// windows-1252 bytes 0x80-0x9F (the rest of the upper half is U+00A0-U+00FF).
const HIGH: [u16; 32] = [
    0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

/// The `charset` parameter of a `Content-Type` value, lowercased, if there is one.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').trim().to_ascii_lowercase())
    })
}

/// The charset a `Content-Type` declares: UTF-8 when there is none; a `decode` error
/// naming a charset fourws cannot read.
pub fn declared(content_type: Option<&str>) -> Result<Charset, Error> {
    let Some(label) = content_type.and_then(charset_param) else {
        return Ok(Charset::Utf8);
    };
    if label.is_empty() || UTF8_LABELS.contains(&label.as_str()) {
        Ok(Charset::Utf8)
    } else if WINDOWS_1252_LABELS.contains(&label.as_str()) {
        Ok(Charset::Windows1252)
    } else {
        let shown: String = label.chars().take(40).collect();
        Err(Error::new(
            Kind::Decode,
            format!(
                "the response declares charset={shown}, which fourws cannot read (it reads \
                 UTF-8, ISO-8859-1, windows-1252 and US-ASCII); ask the server's operator to \
                 send UTF-8"
            ),
        ))
    }
}

/// The body as UTF-8 bytes, transcoded from the charset its `Content-Type` declares (bytes
/// a UTF-8 body holds that are not UTF-8 are left for the decoder to report).
pub fn to_utf8<'a>(body: &'a [u8], content_type: Option<&str>) -> Result<Cow<'a, [u8]>, Error> {
    match declared(content_type)? {
        Charset::Utf8 => Ok(Cow::Borrowed(body)),
        Charset::Windows1252 if body.is_ascii() => Ok(Cow::Borrowed(body)),
        Charset::Windows1252 => {
            let mut out = String::with_capacity(body.len() + body.len() / 8);
            for &b in body {
                let c = match b {
                    0x80..=0x9f => char::from_u32(u32::from(HIGH[usize::from(b - 0x80)])),
                    _ => Some(char::from(b)),
                };
                out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            Ok(Cow::Owned(out.into_bytes()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_declared_charset() {
        for (ct, want) in [
            (None, Charset::Utf8),
            (Some("application/json"), Charset::Utf8),
            (Some("application/json; charset=utf-8"), Charset::Utf8),
            (Some("application/json;charset=\"UTF-8\""), Charset::Utf8),
            (
                Some("application/json; charset=ISO-8859-1"),
                Charset::Windows1252,
            ),
            (
                Some("application/json; Charset=latin1"),
                Charset::Windows1252,
            ),
            (
                Some("text/json; charset=windows-1252"),
                Charset::Windows1252,
            ),
            (
                Some("application/json; charset=cp1252"),
                Charset::Windows1252,
            ),
            (
                Some("application/json; charset=us-ascii"),
                Charset::Windows1252,
            ),
            (
                Some("application/json; foo=bar; charset=latin1"),
                Charset::Windows1252,
            ),
        ] {
            assert_eq!(declared(ct).unwrap(), want, "{ct:?}");
        }
        let e = declared(Some("application/json; charset=Shift_JIS")).unwrap_err();
        assert_eq!(e.kind, Kind::Decode);
        assert!(e.message.contains("charset=shift_jis"), "{}", e.message);
    }

    #[test]
    fn transcodes_windows_1252() {
        let body = b"{\"n\":\"Nicol\xf2 \x80 \x93x\x94 \xff\"}";
        let out = to_utf8(body, Some("application/json; charset=iso-8859-1")).unwrap();
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            "{\"n\":\"Nicolò € \u{201c}x\u{201d} ÿ\"}"
        );
        let ascii = b"{\"n\":1}";
        assert!(matches!(
            to_utf8(ascii, Some("text/json; charset=latin1")).unwrap(),
            Cow::Borrowed(_)
        ));
        // Undeclared: left as it is (the decoder reports bytes that are not UTF-8).
        assert_eq!(&*to_utf8(body, None).unwrap(), &body[..]);
    }
}
