//! Masking the password wherever text could carry it back to a person: error messages,
//! invalid-record reports, log events. A server (or a proxy) may echo the password in
//! any of the forms a request carried it or a log would show it: as sent, JSON-escaped,
//! URL-encoded, or base64 (alone, or as `username:password` in a Basic credential), in
//! either base64 alphabet, padded or not, even inside a longer base64 run. Every such
//! form is replaced by `***`.
//!
//! A password outside ASCII travels in an HTTP header as its Latin-1 bytes (header values
//! are byte strings), so a server may echo those bytes: as base64, in a Basic credential,
//! percent-encoded (`%E4`), or raw, which a UTF-8 reader shows with U+FFFD in place of each
//! such byte. Those forms are masked too, as are the UTF-8 bytes read as Latin-1.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use std::borrow::Cow;
use std::fmt;

/// What replaces a secret.
pub const MASK: &str = "***";

/// The shortest base64 run that is masked on its own when it stands inside a longer run
/// (shorter ones would hide unrelated text).
const MIN_CORE: usize = 6;

/// The forms of one password to mask, longest first. Its `Debug` shows nothing of them.
#[derive(Clone, Default)]
pub struct Secret {
    forms: Vec<String>,
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The bytes that URL encoders leave as they are besides ASCII letters and digits: RFC 3986
/// (`-._~`), JavaScript's `encodeURIComponent` (`-._~!'()*`), HTML forms / WHATWG
/// `URLSearchParams` (`*-._`), `escape()` and `encodeURI`.
const UNESCAPED: [&[u8]; 5] = [
    b"-._~",
    b"-._~!'()*",
    b"*-._",
    // JavaScript's `escape()` (and the encoders modelled on it).
    b"@*_+-./",
    // JavaScript's `encodeURI` (a whole URL quoted in a message).
    b";,/?:@&=+$-_.!~*'()#",
];

fn percent_encoded(s: &[u8], keep: &[u8], lower: bool, plus_for_space: bool) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for &b in s {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => out.push(b as char),
            _ if keep.contains(&b) => out.push(b as char),
            b' ' if plus_for_space => out.push('+'),
            _ if lower => out.push_str(&format!("%{b:02x}")),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// How a JSON encoder may write a string: every non-ASCII character as `\uXXXX` or not,
/// the hex digits in upper or lower case (Java and .NET write `\u00E4`, most others
/// `\u00e4`), `/` as `\/` (PHP's `json_encode`) or as it is.
#[derive(Clone, Copy)]
struct JsonStyle {
    ascii_only: bool,
    upper_hex: bool,
    escape_slash: bool,
}

impl JsonStyle {
    /// Every style: each combination of the three choices.
    fn all() -> impl Iterator<Item = JsonStyle> {
        (0..8u8).map(|bits| JsonStyle {
            ascii_only: bits & 1 != 0,
            upper_hex: bits & 2 != 0,
            escape_slash: bits & 4 != 0,
        })
    }
}

fn json_escaped(s: &str, style: JsonStyle) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' if style.escape_slash => out.push_str("\\/"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (style.ascii_only && !c.is_ascii()) => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    if style.upper_hex {
                        out.push_str(&format!("\\u{u:04X}"));
                    } else {
                        out.push_str(&format!("\\u{u:04x}"));
                    }
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The base64 forms of `bytes` in both alphabets, padded and not, plus, for each of the
/// three alignments `bytes` may have inside a longer base64 run, the characters that
/// depend on `bytes` alone.
fn base64_forms(bytes: &[u8], out: &mut Vec<String>) {
    for engine in [&STANDARD, &URL_SAFE, &STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
        out.push(engine.encode(bytes));
    }
    for shift in 0..3usize {
        let mut buf = vec![0u8; shift];
        buf.extend_from_slice(bytes);
        let full = STANDARD_NO_PAD.encode(&buf);
        // Characters before `first` mix in the bytes that come before; from `last` on,
        // the bytes that come after.
        let first = (shift * 8).div_ceil(6);
        let last = (buf.len() * 8) / 6;
        if last > first && last - first >= MIN_CORE {
            let core = &full[first..last];
            out.push(core.to_owned());
            out.push(core.replace('+', "-").replace('/', "_"));
        }
    }
}

impl Secret {
    /// The forms of `password` (and of `username:password`) to mask. An empty password
    /// masks nothing.
    /// A password with accented Latin-1 letters is masked in both Unicode normal forms
    /// (see [`normal_forms`](super::normal_forms)).
    pub fn new(password: Option<&str>, username: Option<&str>) -> Self {
        let Some(pw) = password.filter(|p| !p.is_empty()) else {
            return Secret::default();
        };
        let mut forms = Vec::new();
        for variant in super::normal_forms::variants(pw) {
            Self::add_forms(&variant, username, &mut forms);
        }
        forms.retain(|f| !f.is_empty());
        // Longest first, keeping the order of equal lengths: an insertion sort (a few dozen
        // forms), because the library's stable sort costs about 6 KB of wasm (issue 17).
        for i in 1..forms.len() {
            let mut j = i;
            while j > 0 && forms[j - 1].len() < forms[j].len() {
                forms.swap(j - 1, j);
                j -= 1;
            }
        }
        forms.dedup();
        Secret { forms }
    }

    /// Adds the forms of one spelling of the password.
    fn add_forms(pw: &str, username: Option<&str>, forms: &mut Vec<String>) {
        forms.push(pw.to_owned());
        // JSON-escaped, once and twice (a message quoting an escaped value), in every style
        // an encoder may use (`\/`, `\u00E4` or `\u00e4`, non-ASCII escaped or not).
        // The second escaping may be another encoder's than the first.
        for style in JsonStyle::all() {
            let once = json_escaped(pw, style);
            for outer in JsonStyle::all() {
                forms.push(json_escaped(&once, outer));
            }
            forms.push(once);
        }
        let user = username.unwrap_or("");
        let mut encodings = vec![(pw.as_bytes().to_vec(), format!("{user}:{pw}").into_bytes())];
        if let Some(pw_latin1) = latin1(pw).filter(|_| !pw.is_ascii()) {
            // Read as UTF-8, each Latin-1 byte above 0x7F is one U+FFFD; kept only where
            // enough of the password stays readable to be told apart from other text.
            let replaced: String = pw
                .chars()
                .map(|c| if c.is_ascii() { c } else { '\u{fffd}' })
                .collect();
            // A server that read the Basic credential's Latin-1 bytes as UTF-8 and encoded
            // it again: base64 of `username:` + the U+FFFD spelling (the `username:` part
            // tells it apart, however short the password).
            base64_forms(format!("{user}:{replaced}").as_bytes(), forms);
            if pw.chars().filter(char::is_ascii).count() >= MIN_CORE {
                forms.push(replaced);
            }
            let user_latin1 = latin1(user).unwrap_or_else(|| user.as_bytes().to_vec());
            let mut basic = user_latin1;
            basic.push(b':');
            basic.extend_from_slice(&pw_latin1);
            encodings.push((pw_latin1, basic));
        }
        if !pw.is_ascii() {
            // The UTF-8 bytes read as Latin-1 ("pÃ¤ss" for "päss").
            forms.push(pw.bytes().map(char::from).collect());
        }
        for (bytes, basic) in &encodings {
            for keep in UNESCAPED {
                for lower in [false, true] {
                    for plus in [false, true] {
                        forms.push(percent_encoded(bytes, keep, lower, plus));
                    }
                }
            }
            base64_forms(bytes, forms);
            base64_forms(basic, forms);
        }
    }

    /// The forms masked, longest first.
    pub fn forms(&self) -> &[String] {
        &self.forms
    }

    /// Whether there is anything to mask.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// `text` with every form of the password replaced by [`MASK`]. Text with HTML
    /// character references is also read decoded (twice, for `&amp;eacute;`), so that an
    /// echo mixing reference styles character by character is caught; where the password
    /// shows only there, the decoded text, masked, is returned.
    pub fn mask<'a>(&self, text: &'a str) -> Cow<'a, str> {
        Self::or_decoded(self.mask_forms(text), |t| self.mask_forms(t).into_owned())
    }

    /// `masked`, or, where it still holds HTML references and `mask` changes their decoded
    /// text, that decoded text masked.
    fn or_decoded<'a>(masked: Cow<'a, str>, mask: impl Fn(&str) -> String) -> Cow<'a, str> {
        if !masked.contains('&') {
            return masked;
        }
        let once = super::html_escapes::decode(&masked).into_owned();
        let twice = super::html_escapes::decode(&once).into_owned();
        for decoded in [once, twice] {
            let m = mask(&decoded);
            if m != decoded {
                return Cow::Owned(m);
            }
        }
        masked
    }

    fn mask_forms<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        for form in &self.forms {
            if out.contains(form.as_str()) {
                out = Cow::Owned(out.replace(form.as_str(), MASK));
            }
        }
        out
    }

    /// `text` with every form of the password replaced by [`MASK`], except where an
    /// occurrence lies wholly inside a span repeating one of `kept` (values the reader
    /// sent itself, which it gets back as it sent them, so that the answer never tells
    /// whether one of them was the password). A kept value never splits an occurrence: one
    /// that is not wholly inside such a span is masked whole.
    /// A kept value counts in every form it may come back in (JSON-escaped, URL-encoded,
    /// base64, ...: the forms [`Secret::new`] lists for a password), so that an echo the
    /// server encoded reads the same whether or not the value was the password.
    pub fn mask_except<'a>(&self, text: &'a str, kept: &[String]) -> Cow<'a, str> {
        if self.forms.is_empty() {
            return Cow::Borrowed(text);
        }
        Self::or_decoded(self.mask_except_forms(text, kept), |t| {
            self.mask_except_forms(t, kept).into_owned()
        })
    }

    fn mask_except_forms<'a>(&self, text: &'a str, kept: &[String]) -> Cow<'a, str> {
        let kept_forms: Vec<String> = kept
            .iter()
            .flat_map(|k| Secret::new(Some(k), None).forms)
            .collect();
        let kept: Vec<(usize, usize)> = kept_forms
            .iter()
            .filter(|k| !k.is_empty())
            .flat_map(|k| {
                // Every start, overlapping ones included.
                let mut spans = Vec::new();
                let mut from = 0;
                while let Some(at) = text.get(from..).and_then(|t| t.find(k.as_str())) {
                    spans.push((from + at, from + at + k.len()));
                    from += at + k.chars().next().map_or(1, char::len_utf8);
                }
                spans
            })
            .collect();
        if kept.is_empty() {
            return self.mask(text);
        }
        // One run of hits per form, each in increasing order (match_indices): they are
        // merged in (start, end) order below rather than sorted, because a sort instance
        // costs about 7 KB of wasm (issue 17).
        let runs: Vec<Vec<(usize, usize)>> = self
            .forms
            .iter()
            .map(|form| {
                text.match_indices(form.as_str())
                    .map(|(at, _)| (at, at + form.len()))
                    .filter(|&(at, end)| !kept.iter().any(|&(a, b)| a <= at && end <= b))
                    .collect()
            })
            .collect();
        if runs.iter().all(Vec::is_empty) {
            return Cow::Borrowed(text);
        }
        let mut next = vec![0; runs.len()];
        let mut out = String::with_capacity(text.len());
        let mut done = 0;
        loop {
            let mut first: Option<(usize, (usize, usize))> = None;
            for (r, run) in runs.iter().enumerate() {
                if let Some(&hit) = run.get(next[r]) {
                    if first.is_none_or(|(_, f)| hit < f) {
                        first = Some((r, hit));
                    }
                }
            }
            let Some((r, (at, end))) = first else { break };
            next[r] += 1;
            if end <= done {
                continue;
            }
            if at >= done {
                out.push_str(&text[done..at]);
                out.push_str(MASK);
            }
            done = end;
        }
        out.push_str(&text[done..]);
        Cow::Owned(out)
    }

    /// Masks an optional text in place.
    pub fn mask_in(&self, text: &mut Option<String>) {
        if let Some(t) = text {
            if let Cow::Owned(m) = self.mask(t) {
                *t = m;
            }
        }
    }
}

/// `s` as Latin-1 bytes, if every character is in Latin-1.
fn latin1(s: &str) -> Option<Vec<u8>> {
    s.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD as B64;

    const PW: &str = "s3cr\u{e9}t pa\"ss/+";

    fn clean(s: &Secret, text: &str) {
        let m = s.mask(text);
        for needle in ["s3cr", "pa\\\"ss", "s3cr%C3%A9t", "czNjcsOpdCBwYSJzcy8r"] {
            assert!(!m.contains(needle), "{needle} left in {m}");
        }
    }

    #[test]
    fn every_echoed_form_is_masked() {
        let s = Secret::new(Some(PW), Some("shop"));
        let forms = [
            PW.to_owned(),
            format!(
                "{{\"message\":\"bad {}\"}}",
                json_escaped(PW, JsonStyle::all().next().unwrap())
            ),
            json_escaped(PW, JsonStyle::all().nth(1).unwrap()),
            format!(
                "password={}",
                percent_encoded(PW.as_bytes(), UNESCAPED[0], false, false)
            ),
            percent_encoded(PW.as_bytes(), UNESCAPED[1], true, true),
            percent_encoded(PW.as_bytes(), UNESCAPED[2], false, true),
            B64.encode(PW),
            URL_SAFE_NO_PAD.encode(PW),
            format!("Basic {}", B64.encode(format!("shop:{PW}"))),
            URL_SAFE.encode(format!("shop:{PW}")),
            // Inside a longer base64 run, at every alignment.
            B64.encode(format!("x{PW}yz")),
            B64.encode(format!("xy{PW}z")),
            B64.encode(format!("{{\"user\":\"shop\",\"pw\":\"{PW}\"}}")),
        ];
        for f in forms {
            let m = s.mask(&f);
            assert!(m.contains(MASK), "not masked: {f}");
            clean(&s, &f);
        }
    }

    #[test]
    fn nothing_else_is_touched() {
        let s = Secret::new(Some("hunter2!"), None);
        assert_eq!(s.mask("HTTP 401 Unauthorized"), "HTTP 401 Unauthorized");
        assert!(matches!(s.mask("no secret here"), Cow::Borrowed(_)));
        assert!(Secret::new(Some(""), None).is_empty());
        assert_eq!(Secret::new(None, None).mask("anything"), "anything");
        assert_eq!(format!("{s:?}"), "Secret(***)");
    }

    /// A Latin-1 password, as a server may echo the bytes its header carried.
    /// Found by the storefront user test: a server that normalises to NFD echoed the
    /// password unmasked.
    #[test]
    fn both_unicode_normal_forms_are_masked() {
        let pairs = [
            ("p\u{e4}ssw\u{f6}rd", "pa\u{308}sswo\u{308}rd"),
            ("pa\u{308}ssword", "p\u{e4}ssword"),
        ];
        for (typed, echoed) in pairs {
            let s = Secret::new(Some(typed), Some("shop"));
            assert_eq!(
                s.mask(&format!("bad password {echoed}!")),
                "bad password ***!"
            );
            let escaped = echoed.replace('\u{308}', "\\u0308");
            assert_eq!(
                s.mask(&format!("{{\"message\":\"bad {escaped}\"}}")),
                "{\"message\":\"bad ***\"}"
            );
        }
    }

    /// Found by the storefront re-test: reference styles mixed character by character.
    #[test]
    fn html_references_in_any_mixture_are_masked() {
        let s = Secret::new(Some("S\u{e9}cr/et+Pw=\"1="), None);
        for echo in [
            "S&eacute;cr&#x2F;et&#43;Pw&#61;&quot;1&#61;",
            "&#83;&#233;&#99;&#114;&#47;&#101;&#116;&#43;&#80;&#119;&#61;&#34;&#49;&#61;",
            "&#0083;\u{e9}cr&sol;et&plus;Pw&equals;&#x22;1=",
            "S&amp;eacute;cr/et+Pw=&amp;quot;1=",
            "S\u{e9}cr/et+Pw=&quot;1=",
            "S&#xE9;cr/et+Pw=&quot;1=",
            "S\u{e9}cr&#x2F;et+Pw=&quot;1=",
            "S&#xe9;cr&#x2f;et&#x2b;Pw&#x3d;&#x22;1&#x3d;",
        ] {
            assert_eq!(s.mask(&format!("bad {echo}!")), "bad ***!", "{echo}");
            assert_eq!(
                s.mask_except(&format!("bad {echo}!"), &[]),
                "bad ***!",
                "{echo}"
            );
        }
        // Text without the password keeps its references.
        assert_eq!(s.mask("Tom &amp; Jerry"), "Tom &amp; Jerry");
    }

    #[test]
    fn a_basic_credential_read_as_utf8_and_encoded_again_is_masked() {
        let s = Secret::new(Some("p\u{e4}ss"), Some("shop"));
        let echo = B64.encode("shop:p\u{fffd}ss");
        assert_eq!(s.mask(&format!("Basic {echo}")), "Basic ***");
    }

    #[test]
    fn latin1_echoes_are_masked() {
        let pw = "p\u{e4}ssword";
        let s = Secret::new(Some(pw), Some("shop"));
        let bytes = [b"p".as_slice(), &[0xE4], b"ssword"].concat();
        let mut basic = b"shop:".to_vec();
        basic.extend_from_slice(&bytes);
        let echoes = [
            format!("you sent {}", B64.encode(&bytes)),
            format!("Authorization: Basic {}", B64.encode(&basic)),
            "pw=p%E4ssword".to_owned(),
            "pw=p%e4ssword".to_owned(),
            String::from_utf8_lossy(&bytes).into_owned(),
            "p\u{c3}\u{a4}ssword".to_owned(),
            bytes.iter().map(|&b| char::from(b)).collect(),
        ];
        for echo in echoes {
            let m = s.mask(&echo);
            assert!(m.contains(MASK), "not masked: {echo}");
            assert!(!m.contains("ssword"), "{m}");
        }
    }

    #[test]
    fn kept_values_come_back_as_sent() {
        let s = Secret::new(Some("hunter22"), None);
        let kept = vec!["hunter22".to_owned()];
        // The echo of what the caller sent is not masked, whatever it is...
        assert_eq!(
            s.mask_except("identifier: hunter22", &kept),
            "identifier: hunter22"
        );
        // ...so a guess equal to the password reads like any other guess.
        let wrong = vec!["hunter23".to_owned()];
        assert_eq!(
            s.mask_except("identifier: hunter23", &wrong),
            "identifier: hunter23"
        );
        // Everywhere else the password is masked.
        assert_eq!(
            s.mask_except("id hunter23, pw hunter22", &wrong),
            "id hunter23, pw ***"
        );
        assert_eq!(s.mask_except("pw hunter22", &[String::new()]), "pw ***");
        // A short value the caller sent never splits the password into unmasked pieces.
        for short in ["2", "h", "hunter", "r22 x"] {
            assert_eq!(
                s.mask_except("pw hunter22 x", &[short.to_owned()]),
                "pw *** x",
                "{short}"
            );
        }
    }

    /// Found by using the package as a storefront would: an echo the server encoded (the
    /// request URL quoted percent-encoded, the value in base64) must read the same whether or
    /// not the caller's value was the password.
    #[test]
    fn an_encoded_echo_of_a_kept_value_reads_the_same_for_a_right_guess() {
        let pw = "S\u{e9}cr3t&=+/pw";
        let s = Secret::new(Some(pw), None);
        for guess in [pw, "S\u{e9}cr3t&=+/px"] {
            let kept = vec![guess.to_owned()];
            let echo = Secret::new(Some(guess), None);
            for form in echo.forms() {
                let text = format!("you sent {form} here");
                assert_eq!(s.mask_except(&text, &kept), text, "{guess}: {form}");
            }
        }
    }

    /// Found by using the package as a POS page would: PHP writes `/` as `\/`, Java writes
    /// `\u00E4` in upper case; both are the password as the reader of the JSON sees it.
    #[test]
    fn every_json_style_is_masked() {
        let s = Secret::new(Some("s3cret/P\u{e4}ss"), None);
        for text in [
            r#"{"password":"s3cret\/P\u00E4ss"}"#,
            r#"{"password":"s3cret\/P\u00e4ss"}"#,
            r#"{"password":"s3cret/P\u00E4ss"}"#,
            "{\"password\":\"s3cret\\/P\u{e4}ss\"}",
            r#"quoted: {\"password\":\"s3cret\\/P\\u00E4ss\"}"#,
        ] {
            let masked = s.mask(text);
            assert!(!masked.contains("s3cret"), "{text} -> {masked}");
        }
    }

    /// Found by using the package in a nightly job: `escape()` and `encodeURI` leave `+@/`
    /// alone; an HTML page quoted in a message writes character references.
    #[test]
    fn escape_encode_uri_and_html_references_are_masked() {
        let s = Secret::new(Some("S3cr\u{e9}t+P@ss/w0rd&x"), None);
        for text in [
            "bad S3cr%E9t+P@ss/w0rd&x here",
            "bad S3cr%C3%A9t+P@ss/w0rd&x here",
            "bad S3cr&#233;t+P@ss/w0rd&amp;x here",
            "bad S3cr&#xE9;t+P@ss/w0rd&amp;x here",
        ] {
            assert!(!s.mask(text).contains("S3cr"), "{text}");
        }
    }
}
