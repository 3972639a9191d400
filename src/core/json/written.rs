//! JSON text fourws wrote itself (the decoder's records and summary), handed to
//! serde_json to be copied verbatim into a larger document, as serde_json's own
//! `RawValue` is, but without the syntax check that building a `RawValue` from a string
//! makes: that check re-scans every byte of a page (measured natively: 2.2 ms for a
//! 2,000-customer page, against 0.1 ms for the copy), and the decoder's output is
//! valid by construction (its tests and fuzzing check it).

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// The struct name by which serde_json's serializer recognises a raw value (what
/// `RawValue`'s own `Serialize` emits; stable across serde_json 1.x, and the test
/// below fails if it ever changes).
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// JSON text that serde_json writes as it is. Only for text fourws wrote itself.
#[derive(Clone, Copy, Debug)]
pub struct Written<'a>(pub &'a str);

impl Serialize for Written<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut raw = s.serialize_struct(RAW_VALUE_TOKEN, 1)?;
        raw.serialize_field(RAW_VALUE_TOKEN, self.0)?;
        raw.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_json_copies_it_verbatim_as_it_does_a_raw_value() {
        let text = "[{\"a\":1.50,\"b\":\"\\u00e9\"}]";
        let mine = serde_json::to_string(&vec![Written(text)]).unwrap();
        assert_eq!(mine, format!("[{text}]"));
        let theirs: &serde_json::value::RawValue = serde_json::from_str(text).unwrap();
        assert_eq!(mine, serde_json::to_string(&vec![theirs]).unwrap());
    }
}
