//! The two Unicode normal forms a password may travel in: composed (NFC, "ä" as U+00E4) and
//! decomposed (NFD, "a" + U+0308). Browsers, macOS file names and some servers turn one into
//! the other, so an echoed password may come back in the form it was not typed in.
//!
//! Only the accented letters of Latin-1 (U+00C0–U+00FF, the letters of the shops' languages)
//! are covered: a full normaliser would add its Unicode tables to the wasm a browser
//! downloads, for scripts whose passwords do not travel in Latin-1 headers anyway.

/// The uppercase Latin-1 letters with a canonical decomposition: (letter, base, mark).
/// Each has a lowercase twin 0x20 above it, with the lowercase base and the same mark.
const UPPER: [(u32, char, char); 25] = [
    (0xC0, 'A', '\u{300}'),
    (0xC1, 'A', '\u{301}'),
    (0xC2, 'A', '\u{302}'),
    (0xC3, 'A', '\u{303}'),
    (0xC4, 'A', '\u{308}'),
    (0xC5, 'A', '\u{30A}'),
    (0xC7, 'C', '\u{327}'),
    (0xC8, 'E', '\u{300}'),
    (0xC9, 'E', '\u{301}'),
    (0xCA, 'E', '\u{302}'),
    (0xCB, 'E', '\u{308}'),
    (0xCC, 'I', '\u{300}'),
    (0xCD, 'I', '\u{301}'),
    (0xCE, 'I', '\u{302}'),
    (0xCF, 'I', '\u{308}'),
    (0xD1, 'N', '\u{303}'),
    (0xD2, 'O', '\u{300}'),
    (0xD3, 'O', '\u{301}'),
    (0xD4, 'O', '\u{302}'),
    (0xD5, 'O', '\u{303}'),
    (0xD6, 'O', '\u{308}'),
    (0xD9, 'U', '\u{300}'),
    (0xDA, 'U', '\u{301}'),
    (0xDB, 'U', '\u{302}'),
    (0xDC, 'U', '\u{308}'),
];

/// Every (composed, base, mark) triple: the uppercase ones, their lowercase twins, and the
/// two whose twin is not 0x20 away (Ý/ý, and ÿ, whose uppercase is not Latin-1).
fn triples() -> impl Iterator<Item = (char, char, char)> {
    let extra = [
        (0xDD, 'Y', '\u{301}'),
        (0xFD, 'y', '\u{301}'),
        (0xFF, 'y', '\u{308}'),
    ];
    UPPER
        .iter()
        .flat_map(|&(c, base, mark)| [(c, base, mark), (c + 0x20, base.to_ascii_lowercase(), mark)])
        .chain(extra)
        .filter_map(|(c, base, mark)| char::from_u32(c).map(|c| (c, base, mark)))
}

/// `s` with its Latin-1 accented letters decomposed (NFD for them).
pub fn decomposed(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match triples().find(|&(composed, _, _)| composed == c) {
            Some((_, base, mark)) => {
                out.push(base);
                out.push(mark);
            }
            None => out.push(c),
        }
    }
    out
}

/// `s` with each letter + combining mark that a Latin-1 letter stands for composed (NFC
/// for them).
pub fn composed(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let pair = chars
            .peek()
            .and_then(|&m| triples().find(|&(_, base, mark)| base == c && mark == m));
        match pair {
            Some((composed, _, _)) => {
                out.push(composed);
                chars.next();
            }
            None => out.push(c),
        }
    }
    out
}

/// `s` as given, composed and decomposed: each distinct form once, `s` first.
pub fn variants(s: &str) -> Vec<String> {
    let mut out = vec![s.to_owned()];
    for v in [composed(s), decomposed(s)] {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_letters_round_trip_between_the_two_forms() {
        let nfc = "\u{e0}\u{e8}\u{e9}\u{ec}\u{f2}\u{f9}\u{c4}\u{d6}\u{dc}\u{e4}\u{f6}\u{fc}\u{f1}\u{e7}\u{c5}\u{fd}\u{ff}\u{dd}";
        let nfd = decomposed(nfc);
        assert_eq!(nfd.chars().count(), 2 * nfc.chars().count());
        assert_eq!(composed(&nfd), nfc);
        assert_eq!(decomposed("a\u{308}"), "a\u{308}", "already decomposed");
        assert_eq!(composed("\u{e4}"), "\u{e4}", "already composed");
        // Letters without a decomposition stay as they are.
        for c in [
            "\u{df}", "\u{f8}", "\u{e6}", "\u{fe}", "\u{d7}", "\u{20ac}", "x\u{308}",
        ] {
            assert_eq!(decomposed(c), c);
            assert_eq!(composed(c), c);
        }
        assert_eq!(variants("plain"), vec!["plain".to_owned()]);
        assert_eq!(
            variants("p\u{e4}ss"),
            vec!["p\u{e4}ss".to_owned(), "pa\u{308}ss".to_owned()]
        );
        assert_eq!(
            variants("pa\u{308}ss"),
            vec!["pa\u{308}ss".to_owned(), "p\u{e4}ss".to_owned()]
        );
    }
}
