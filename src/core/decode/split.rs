//! A structural byte scan of a body: where the envelope's members and the elements of
//! `valueObjectList` begin and end. It is not a JSON reader: it follows string literals
//! (and their backslash escapes) and bracket nesting, nothing else, and every span it
//! finds is then read by serde_json. It runs only on a page that has a problem: one that
//! serde_json could not read whole (to re-read it record by record) or one with records
//! set aside (to hand over their text exactly as sent).

use std::ops::Range;

/// One member of the envelope: the span of its key (quotes included) and of its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The key literal, quotes included.
    pub key: Range<usize>,
    /// The value.
    pub value: Range<usize>,
}

fn ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        i += 1;
    }
    i
}

/// The offset just past the string literal whose opening quote is at `i`.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match b.get(j)? {
            b'"' => return Some(j + 1),
            b'\\' => j += 2,
            _ => j += 1,
        }
    }
}

/// The offset just past the value that starts at `i`, or `None` when it does not end
/// (a truncated body, unbalanced brackets).
pub fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match *b.get(j)? {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        b',' | b'}' | b']' | b':' => None,
        _ => {
            let mut j = i;
            while let Some(&c) = b.get(j) {
                if matches!(c, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                    break;
                }
                j += 1;
            }
            Some(j)
        }
    }
}

/// The members of the object that starts at `i` (after whitespace), and the offset just
/// past it.
fn object_members(b: &[u8], i: usize) -> Option<(Vec<Member>, usize)> {
    let mut i = ws(b, i);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let mut members = Vec::new();
    i = ws(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return Some((members, i + 1));
    }
    loop {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(b, i)?;
        let colon = ws(b, key_end);
        if b.get(colon) != Some(&b':') {
            return None;
        }
        let v = ws(b, colon + 1);
        let v_end = value_end(b, v)?;
        members.push(Member {
            key: i..key_end,
            value: v..v_end,
        });
        i = ws(b, v_end);
        match b.get(i)? {
            b',' => i = ws(b, i + 1),
            b'}' => return Some((members, i + 1)),
            _ => return None,
        }
    }
}

/// The members of the envelope: the body must be one object (after an optional UTF-8
/// byte order mark) followed by whitespace only.
pub fn envelope(b: &[u8]) -> Option<Vec<Member>> {
    let start = if b.starts_with(&[0xef, 0xbb, 0xbf]) {
        3
    } else {
        0
    };
    let (members, end) = object_members(b, start)?;
    (ws(b, end) == b.len()).then_some(members)
}

/// The spans of the elements of the array `list` (which must be one).
pub fn elements(b: &[u8], list: Range<usize>) -> Option<Vec<Range<usize>>> {
    let b = b.get(..list.end)?;
    if b.get(list.start) != Some(&b'[') {
        return None;
    }
    let mut out = Vec::new();
    let mut i = ws(b, list.start + 1);
    if b.get(i) == Some(&b']') {
        return Some(out);
    }
    loop {
        let end = value_end(b, i)?;
        out.push(i..end);
        i = ws(b, end);
        match b.get(i)? {
            b',' => i = ws(b, i + 1),
            b']' if i + 1 == b.len() => return Some(out),
            _ => return None,
        }
    }
}

/// The member `"key"` (spelled without escapes) of a list of members.
pub fn find<'m>(b: &[u8], members: &'m [Member], key: &str) -> Option<&'m Member> {
    members
        .iter()
        .find(|m| b.get(m.key.start + 1..m.key.end - 1) == Some(key.as_bytes()))
}

/// The number of elements of the array `key` of the object `record` (an unreadable
/// record's price rows still count towards `start`); 0 when it cannot be told.
pub fn count_rows(record: &[u8], key: &str) -> u64 {
    let Some((members, _)) = object_members(record, 0) else {
        return 0;
    };
    find(record, &members, key)
        .and_then(|m| elements(record, m.value.clone()))
        .map_or(0, |e| e.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(b: &'a str, spans: &[Range<usize>]) -> Vec<&'a str> {
        spans.iter().map(|r| &b[r.clone()]).collect()
    }

    #[test]
    fn finds_members_and_elements() {
        let body = "\u{feff} { \"a\" : 1 , \"valueObjectList\": [ {\"x\":\"],}\\\"\"} ,\"s\", 12e3 ,[[]] ,{} ] }\n";
        let b = body.as_bytes();
        let members = envelope(b).unwrap();
        assert_eq!(members.len(), 2);
        assert_eq!(&body[members[0].value.clone()], "1");
        let list = find(b, &members, "valueObjectList").unwrap();
        let el = elements(b, list.value.clone()).unwrap();
        assert_eq!(
            texts(body, &el),
            ["{\"x\":\"],}\\\"\"}", "\"s\"", "12e3", "[[]]", "{}"]
        );
    }

    #[test]
    fn refuses_what_does_not_hold_together() {
        for body in [
            "",
            "[1]",
            "{\"a\":1",
            "{\"a\":[1,2}",
            "{\"a\":1} x",
            "{\"a\" 1}",
            "{\"a\":\"open}",
            "{\"a\":1,}",
        ] {
            assert!(envelope(body.as_bytes()).is_none(), "{body}");
        }
        for list in ["[1,]", "[,1]", "[1 2]", "[", "[1,2"] {
            assert!(elements(list.as_bytes(), 0..list.len()).is_none(), "{list}");
        }
        assert_eq!(elements(b"[]", 0..2), Some(vec![]));
    }

    #[test]
    fn counts_rows_of_a_record() {
        let rec = br#"{"priceList":"L","prices":[{"a":1},{"b":"]"},{}],"x":1}"#;
        assert_eq!(count_rows(rec, "prices"), 3);
        assert_eq!(count_rows(rec, "other"), 0);
        assert_eq!(count_rows(b"{\"prices\":[1,\xff]}", "prices"), 2);
        assert_eq!(count_rows(b"not json", "prices"), 0);
    }
}
