//! Reading HTML character references back, so that the password is masked in a server's
//! page or in a message that was HTML-escaped, whatever the encoder's style: template
//! engines (the five special characters named), PHP's `htmlentities` (`&eacute;`), the
//! OWASP encoder (`&#x2F;`), every character numeric, decimal or hex, zero-padded, or any
//! mixture of these character by character.

use std::borrow::Cow;

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

/// Names of references outside Latin-1 that an encoder may use for a password's
/// characters (the markup ones, HTML5's names of ASCII signs, the euro).
const OTHER_NAMES: [(&str, char); 16] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("euro", '\u{20ac}'),
    ("sol", '/'),
    ("plus", '+'),
    ("equals", '='),
    ("colon", ':'),
    ("semi", ';'),
    ("excl", '!'),
    ("quest", '?'),
    ("num", '#'),
    ("percnt", '%'),
    ("commat", '@'),
];

/// `text` with HTML character references decoded (numeric ones, zero-padded or not, and
/// the names above and of Latin-1); anything that is not one stays as it is.
pub fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| reference(&after[..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn reference(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        return char::from_u32(code);
    }
    if let Some(i) = LATIN1_NAMES.iter().position(|n| *n == name) {
        return char::from_u32(0xA0 + i as u32);
    }
    OTHER_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoder_style_reads_back() {
        let pw = "S\u{e9}cr/et+Pw=\"1=";
        for form in [
            "S\u{e9}cr/et+Pw=&quot;1=",
            "S&eacute;cr/et+Pw=&quot;1=",
            "S&#233;cr/et+Pw=&quot;1=",
            "S&#xE9;cr/et+Pw=&quot;1=",
            "S\u{e9}cr&#x2F;et+Pw=&quot;1=",
            "S&#233;cr&#47;et&#43;Pw&#61;&#34;1&#61;",
            "S&#xe9;cr&#x2f;et&#x2b;Pw&#x3d;&#x22;1&#x3d;",
        ] {
            assert_eq!(decode(form), pw, "{form}");
        }
        assert_eq!(
            decode("&#0083;&sol;&plus;&equals;&amp;x&bogus;&#xZZ;"),
            "S/+=&x&bogus;&#xZZ;"
        );
        assert_eq!(LATIN1_NAMES[0xE9 - 0xA0], "eacute");
        assert_eq!(LATIN1_NAMES[0xFF - 0xA0], "yuml");
    }
}
