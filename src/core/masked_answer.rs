//! Masking the password in an answer the server-side proxy passes back to a page, as the
//! page will read it. A JSON answer is masked string by string, on each string's decoded
//! value (so that `\/`, `\u003d`, `\u00E4` and any other escape the server chose cannot
//! hide it), and only the strings that change are rewritten. An answer that is not UTF-8 is
//! read as Latin-1 (the bytes a Latin-1 header carried); an answer that is not JSON (an
//! HTML error page) is read with its character references decoded (`&auml;`, `&#228;`,
//! `&#xE4;`). Values the caller sent itself come back as it sent them
//! ([`Secret::mask_except`]), so that no answer tells whether one of them is the password.

use super::json::write;
use super::secret::Secret;
use std::borrow::Cow;

/// An answer whose text had to change.
#[derive(Debug, PartialEq, Eq)]
pub struct Masked {
    /// The masked body, UTF-8.
    pub body: String,
    /// Its `Content-Type` (the original one may have named another charset, or HTML).
    pub content_type: &'static str,
}

/// Why an answer cannot be checked for the password, so must not be passed back: a charset
/// the core cannot read (declared, such as UTF-16), or one given away by the bytes whatever
/// the header says (a UTF-16 or UTF-32 byte-order mark, NUL bytes, which no JSON or HTML
/// text holds); `None` when it can be checked.
pub fn unreadable(content_type: Option<&str>, body: &[u8]) -> Option<String> {
    if let Err(e) = super::charset::declared(content_type) {
        return Some(e.message);
    }
    let bom = body.starts_with(&[0xFF, 0xFE]) || body.starts_with(&[0xFE, 0xFF]);
    (bom || body.contains(&0)).then(|| {
        "the answer is not text the proxy can read (a UTF-16 or UTF-32 byte-order mark, or \
         NUL bytes), so it cannot be checked for the password"
            .to_owned()
    })
}

/// The masked answer, or `None` when `body` shows no form of the password and passes as is.
pub fn mask(body: &[u8], secret: &Secret, kept: &[String]) -> Option<Masked> {
    if secret.is_empty() {
        return None;
    }
    let (text, transcoded): (Cow<'_, str>, bool) = match std::str::from_utf8(body) {
        Ok(t) => (Cow::Borrowed(t), false),
        Err(_) => (
            Cow::Owned(body.iter().map(|&b| char::from(b)).collect()),
            true,
        ),
    };
    let first = text.trim_start().chars().next();
    if matches!(first, Some('{' | '[' | '"')) {
        if let Some(json) = mask_json(&text, secret, kept) {
            return Some(Masked {
                body: json,
                content_type: "application/json; charset=utf-8",
            });
        }
        if !transcoded {
            return None;
        }
    }
    let decoded = super::html_escapes::decode(&text);
    let masked = secret.mask_except(&decoded, kept);
    if matches!(masked, Cow::Owned(_)) {
        return Some(Masked {
            body: masked.into_owned(),
            content_type: "text/plain; charset=utf-8",
        });
    }
    let raw = secret.mask_except(&text, kept);
    match raw {
        Cow::Owned(body) => Some(Masked {
            body,
            content_type: "text/plain; charset=utf-8",
        }),
        Cow::Borrowed(_) => None,
    }
}

/// Masks every string of a JSON text on its decoded value; `None` when nothing changed.
/// Text outside strings is masked as it stands (a server's broken JSON too).
fn mask_json(text: &str, secret: &Secret, kept: &[String]) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut plain_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let plain = &text[plain_from..i];
        let masked = secret.mask_except(plain, kept);
        changed |= matches!(masked, Cow::Owned(_));
        out.push_str(&masked);
        // The string token runs to the next quote not escaped by a backslash.
        let mut end = i + 1;
        while end < bytes.len() && bytes[end] != b'"' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        let end = (end + 1).min(bytes.len());
        let token = &text[i..end];
        match serde_json::from_str::<String>(token) {
            Ok(value) => match secret.mask_except(&value, kept) {
                Cow::Owned(m) => {
                    changed = true;
                    write::string(&mut out, &m);
                }
                Cow::Borrowed(_) => out.push_str(token),
            },
            Err(_) => {
                // Not a string JSON can decode (a lone surrogate, a cut body): masked as
                // it stands, and as far as its escapes can be read.
                let lossy = lossy_unescape(token);
                let masked = secret.mask_except(token, kept);
                if matches!(secret.mask_except(&lossy, kept), Cow::Owned(_)) {
                    changed = true;
                    out.push_str("\"***\"");
                } else {
                    changed |= matches!(masked, Cow::Owned(_));
                    out.push_str(&masked);
                }
            }
        }
        i = end;
        plain_from = end;
    }
    let masked = secret.mask_except(&text[plain_from..], kept);
    changed |= matches!(masked, Cow::Owned(_));
    out.push_str(&masked);
    changed.then_some(out)
}

/// A JSON string token's escapes read one by one, each `\uXXXX` as its code unit (a lone
/// surrogate as U+FFFD).
fn lossy_unescape(token: &str) -> String {
    let inner = token.trim_start_matches('"').trim_end_matches('"');
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let unit = u32::from_str_radix(&hex, 16).ok();
                out.push(unit.and_then(char::from_u32).unwrap_or('\u{fffd}'));
            }
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the storefront re-test: a UTF-16 answer with a byte-order mark and no (or a
    /// wrong) charset reached the page unmasked.
    #[test]
    fn answers_that_cannot_be_read_are_told_apart() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{\"m\":\"x\"}".bytes().flat_map(|b| [b, 0]))
            .collect();
        assert!(unreadable(None, &utf16).is_some());
        assert!(unreadable(Some("application/json; charset=utf-8"), &utf16).is_some());
        assert!(unreadable(Some("text/plain; charset=utf-16le"), b"{}").is_some());
        assert!(unreadable(Some("application/json"), b"{\"a\":\"\xc3\xa4\"}").is_none());
        assert!(unreadable(Some("text/html; charset=iso-8859-1"), b"<p>\xe4</p>").is_none());
    }

    const PW: &str = "p\u{e4}ss/w=rd&1";

    fn secret() -> Secret {
        Secret::new(Some(PW), Some("shop"))
    }

    /// What a page's `JSON.parse` would show of a masked answer.
    fn shown(m: &Masked) -> String {
        let v: serde_json::Value = serde_json::from_str(&m.body).unwrap();
        v.to_string()
    }

    #[test]
    fn every_json_escape_of_the_password_is_masked_on_its_decoded_value() {
        let s = secret();
        let answers = [
            r#"{"message":"bad p\u00e4ss\/w\u003drd\u00261"}"#.to_owned(),
            r#"{"message":"bad p\u00E4ss\/w\u003Drd\u00261"}"#.to_owned(),
            r#"{"m":"bad p\u00e4ss/w=rd&1","n":[1,2.50,{"x":null}]}"#.to_owned(),
            format!(r#"{{"{PW}":true}}"#),
        ];
        for a in answers {
            let m = mask(a.as_bytes(), &s, &[]).unwrap_or_else(|| panic!("not masked: {a}"));
            let text = shown(&m);
            let decoded: serde_json::Value = serde_json::from_str(&m.body).unwrap();
            assert!(!decoded.to_string().contains("ss/w=rd"), "{text}");
            assert!(m.body.contains("***"), "{}", m.body);
            assert_eq!(m.content_type, "application/json; charset=utf-8");
        }
        // Only the strings that held it are rewritten; numbers keep their form.
        let m = mask(answers_with_numbers().as_bytes(), &s, &[]).unwrap();
        assert_eq!(m.body, r#"{"a":2.50,"b":"\u00e9","c":"bad ***"}"#);
    }

    fn answers_with_numbers() -> String {
        r#"{"a":2.50,"b":"\u00e9","c":"bad p\u00e4ss\/w=rd&1"}"#.to_owned()
    }

    #[test]
    fn latin1_bytes_and_html_references_are_read_as_the_reader_sees_them() {
        let s = secret();
        let mut latin1 = b"{\"message\":\"bad p".to_vec();
        latin1.push(0xE4);
        latin1.extend_from_slice(b"ss/w=rd&1\"}");
        let m = mask(&latin1, &s, &[]).unwrap();
        assert_eq!(m.body, r#"{"message":"bad ***"}"#);
        for page in [
            "<html><body>bad p&auml;ss&#47;w&#x3D;rd&amp;1</body></html>",
            "<p>bad p&#228;ss/w=rd&#38;1</p>",
        ] {
            let m = mask(page.as_bytes(), &s, &[]).unwrap_or_else(|| panic!("{page}"));
            assert!(m.body.contains("bad ***"), "{}", m.body);
            assert_eq!(m.content_type, "text/plain; charset=utf-8");
        }
    }

    #[test]
    fn answers_without_the_password_pass_untouched() {
        let s = secret();
        for a in [
            r#"{"success":true,"valueObjectList":[{"name":"p\u00e4ss"}]}"#.as_bytes(),
            b"<html>&amp; &bogus; &#xZZ; &</html>",
            b"\xff\xfe not text",
            b"",
        ] {
            assert_eq!(mask(a, &s, &[]), None);
        }
        assert_eq!(mask(PW.as_bytes(), &Secret::new(None, None), &[]), None);
    }

    #[test]
    fn a_value_the_caller_sent_comes_back_as_sent() {
        let s = secret();
        let echo = format!(r#"{{"identifier":"{}"}}"#, PW.replace('/', "\\/"));
        // Sent by the caller: echoed as is, exactly as a wrong guess would be.
        assert_eq!(mask(echo.as_bytes(), &s, &[PW.to_owned()]), None);
        assert_eq!(
            mask(b"{\"identifier\":\"guess\"}", &s, &["guess".to_owned()]),
            None
        );
        // Not sent by the caller: masked.
        assert!(mask(echo.as_bytes(), &s, &["guess".to_owned()]).is_some());
    }

    #[test]
    fn odd_json_never_panics() {
        let s = secret();
        for a in [
            "\"",
            "{\"a\":\"\\",
            "{\"a\":\"\\ud800p\u{e4}ss/w=rd&1\"}",
            "[\"p\\u00e4ss/w=rd&1",
            "{\"\\u12\":1}",
        ] {
            let _ = mask(a.as_bytes(), &s, &[]);
        }
        let m = mask("{\"a\":\"\\ud800p\u{e4}ss/w=rd&1\"}".as_bytes(), &s, &[]).unwrap();
        assert!(!m.body.contains("ss/w"), "{}", m.body);
    }
}
