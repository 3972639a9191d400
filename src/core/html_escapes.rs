//! How HTML encoders write text, so that the password is masked in a server's page or in a
//! message that was HTML-escaped: template engines (the five special characters named),
//! PHP's `htmlentities` (Latin-1 letters named too, `&eacute;`), the OWASP encoder (`/` as
//! `&#x2F;`), and encoders that write every character but letters and digits as a numeric
//! reference, decimal or hex.

/// The entity names of U+00A0 to U+00FF, in order (HTML 4's Latin-1 set).
const LATIN1_NAMES: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// A numeric character reference: decimal, or hex in upper or lower case.
fn numeric(c: char, style: u8) -> String {
    match style {
        0 => format!("&#{};", c as u32),
        1 => format!("&#x{:X};", c as u32),
        _ => format!("&#x{:x};", c as u32),
    }
}

/// The named reference of `&`, `<`, `>` and `"`, or `apostrophe` for `'`.
fn special(c: char, apostrophe: &str) -> Option<String> {
    Some(match c {
        '&' => "&amp;".to_owned(),
        '<' => "&lt;".to_owned(),
        '>' => "&gt;".to_owned(),
        '"' => "&quot;".to_owned(),
        '\'' => apostrophe.to_owned(),
        _ => return None,
    })
}

/// `s` with each character replaced by `each` where it gives one.
fn escaped(s: &str, each: impl Fn(char) -> Option<String>) -> String {
    s.chars()
        .map(|c| each(c).unwrap_or_else(|| c.to_string()))
        .collect()
}

/// `s` as each common HTML encoder writes it (only forms that differ from `s` matter; the
/// caller removes duplicates).
pub fn forms(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for apostrophe in ["&#39;", "&#x27;", "&#039;", "&apos;"] {
        // Template engines: the specials named, everything else as it is.
        out.push(escaped(s, |c| special(c, apostrophe)));
        // The specials named, every non-ASCII character a numeric reference.
        for style in 0..3 {
            out.push(escaped(s, |c| {
                special(c, apostrophe).or_else(|| (!c.is_ascii()).then(|| numeric(c, style)))
            }));
        }
        // PHP's htmlentities: Latin-1 letters and signs by name too.
        out.push(escaped(s, |c| {
            special(c, apostrophe).or_else(|| {
                let i = (c as u32).checked_sub(0xA0)? as usize;
                LATIN1_NAMES.get(i).map(|n| format!("&{n};"))
            })
        }));
    }
    // OWASP's encoder: `&<>"'/`, the last two as hex references.
    out.push(escaped(s, |c| match c {
        '\'' | '/' => Some(numeric(c, 1)),
        c => special(c, ""),
    }));
    // Everything but ASCII letters and digits as a numeric reference.
    for style in 0..3 {
        out.push(escaped(s, |c| {
            (!c.is_ascii_alphanumeric()).then(|| numeric(c, style))
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_of_the_user_test_is_listed() {
        let pw = "S\u{e9}cr/et+Pw=\"1=";
        let all = forms(pw);
        for form in [
            "S\u{e9}cr/et+Pw=&quot;1=",
            "S&eacute;cr/et+Pw=&quot;1=",
            "S&#233;cr/et+Pw=&quot;1=",
            "S&#xE9;cr/et+Pw=&quot;1=",
            "S\u{e9}cr&#x2F;et+Pw=&quot;1=",
            "S&#233;cr&#47;et&#43;Pw&#61;&#34;1&#61;",
            "S&#xe9;cr&#x2f;et&#x2b;Pw&#x3d;&#x22;1&#x3d;",
        ] {
            assert!(all.iter().any(|f| f == form), "{form} missing");
        }
        assert_eq!(LATIN1_NAMES[0xE9 - 0xA0], "eacute");
        assert_eq!(LATIN1_NAMES[0xFF - 0xA0], "yuml");
    }
}
