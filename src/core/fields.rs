//! The lenient field decoders: how one scalar value of a record is checked and normalised
//! according to its [`FieldKind`] (dates, flags, numbers sent as strings, `""` as null).
//! Each writes the normalised JSON to `out` or returns why the value is refused. The values
//! come from serde_json (see `crate::core::decode`): strings unescaped, numbers as the text
//! the server wrote.

use super::datetime::{check_wire_bytes, parse_stamp, DateProblem, Stamp};
use super::json::write::{self, Out};
use super::schema::{FieldKind, Presence};

/// Why a value was refused (the message; the decoder adds the path).
pub type Refusal = String;

fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "text",
        FieldKind::Code => "a code (text or number)",
        FieldKind::Number => "a number",
        FieldKind::Timestamp => "a date (yyyy-MM-dd or yyyy-MM-dd HH:mm:ss)",
        FieldKind::Flag => "a flag (T/F or Y/N)",
        FieldKind::Object(_) => "an object",
        FieldKind::List(_) => "an array",
        FieldKind::Any => "any value",
    }
}

/// Quotes a value for a message, shortened to stay readable.
pub fn show(value: &str) -> String {
    let mut shown: String = value.chars().take(60).collect();
    if shown.len() < value.len() {
        shown.push('…');
    }
    format!("{shown:?}")
}

/// A string value in a scalar field.
pub fn string(
    kind: FieldKind,
    presence: Presence,
    v: &str,
    out: &mut Vec<u8>,
) -> Result<(), Refusal> {
    let keep_empty = presence == Presence::Required;
    match kind {
        FieldKind::Text | FieldKind::Code => {
            if v.is_empty() && !keep_empty {
                out.put("null");
            } else {
                write::string(out, v);
            }
            Ok(())
        }
        FieldKind::Any => {
            write::string(out, v);
            Ok(())
        }
        _ if v.is_empty() => {
            if keep_empty {
                Err(format!("is \"\" but must be {}", kind_name(kind)))
            } else {
                out.put("null");
                Ok(())
            }
        }
        FieldKind::Number => {
            if !is_json_number(v) {
                Err(format!("{} is not a number", show(v)))
            } else if !in_range(v) {
                Err(out_of_range(v))
            } else {
                // Kept as written ("12.50"): JSON.parse reads the same number.
                out.put(v);
                Ok(())
            }
        }
        FieldKind::Timestamp => {
            // Fast path for the usual `yyyy-MM-dd HH:mm:ss`: no allocation.
            match check_wire_bytes(v.as_bytes()) {
                Some(Ok(())) => {
                    out.put_byte(b'"');
                    out.put(&v[..10]);
                    out.put_byte(b'T');
                    out.put(&v[11..]);
                    out.put("Z\"");
                    return Ok(());
                }
                Some(Err(_)) => return Err(format!("{} is not a real date and time", show(v))),
                None => {}
            }
            match parse_stamp(v) {
                Ok(Stamp::Date(s) | Stamp::DateTime(s)) => {
                    write::string(out, &s);
                    Ok(())
                }
                Ok(Stamp::Zero) => {
                    out.put("null");
                    Ok(())
                }
                Err(DateProblem::Impossible) => {
                    Err(format!("{} is not a real date and time", show(v)))
                }
                Err(DateProblem::Format) => Err(format!(
                    "{} is not a date in the format yyyy-MM-dd or yyyy-MM-dd HH:mm:ss",
                    show(v)
                )),
            }
        }
        FieldKind::Flag => {
            match v {
                "T" | "Y" | "t" | "y" => out.put("true"),
                "F" | "N" | "f" | "n" => out.put("false"),
                _ => return Err(format!("{} is not a flag letter (T/F or Y/N)", show(v))),
            }
            Ok(())
        }
        FieldKind::Object(_) | FieldKind::List(_) => Err(format!(
            "expected {}, got the string {}",
            kind_name(kind),
            show(v)
        )),
    }
}

/// The end offset of a JSON number starting at `start` of `b`, if one is there.
fn scan_number(b: &[u8], start: usize) -> Option<usize> {
    let digits = |mut i: usize| {
        while matches!(b.get(i), Some(b'0'..=b'9')) {
            i += 1;
        }
        i
    };
    let mut i = start;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i = digits(i),
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        if !matches!(b.get(i + 1), Some(b'0'..=b'9')) {
            return None;
        }
        i = digits(i + 1);
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !matches!(b.get(i), Some(b'0'..=b'9')) {
            return None;
        }
        i = digits(i);
    }
    Some(i)
}

/// Whether `s` is exactly one JSON number (the grammar of RFC 8259).
fn is_json_number(s: &str) -> bool {
    scan_number(s.as_bytes(), 0) == Some(s.len())
}

/// Whether a JSON number fits a double (JavaScript would read a larger one as Infinity).
/// Decided from the digits, without float parsing.
fn in_range(text: &str) -> bool {
    // The usual case: no exponent and fewer than 309 digits.
    if text.len() < 309 && !text.bytes().any(|b| b | 0x20 == b'e') {
        return true;
    }
    let unsigned = text.trim_start_matches('-');
    let (mantissa, exp_text) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], &unsigned[i + 1..]),
        None => (unsigned, "0"),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = int_part.bytes().chain(frac_part.bytes());
    let Some(first) = digits.clone().position(|d| d != b'0') else {
        return true; // zero, whatever its exponent
    };
    let exponent = match exp_text.trim_start_matches('+').parse::<i64>() {
        Ok(e) => e.clamp(-1 << 40, 1 << 40),
        Err(_) if exp_text.starts_with('-') => -(1 << 40),
        Err(_) => 1 << 40,
    };
    // value = 0.d1d2d3... × 10^order, d1 the first significant digit.
    let order = int_part.len() as i64 - first as i64 + exponent;
    const MAX: &[u8] = b"17976931348623157"; // 1.7976931348623157e308
    match order.cmp(&309) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        std::cmp::Ordering::Equal => {
            let mut head: Vec<u8> = digits.skip(first).take(MAX.len()).collect();
            head.resize(MAX.len(), b'0');
            head.as_slice() <= MAX
        }
    }
}

fn out_of_range(text: &str) -> Refusal {
    format!(
        "{} is too large for a number (JavaScript would read it as Infinity)",
        show(text)
    )
}

/// A number value in a scalar field, as the server wrote it (kept as written: JSON.parse
/// then reads exactly the number that was sent).
pub fn number(kind: FieldKind, text: &str, out: &mut Vec<u8>) -> Result<(), Refusal> {
    match kind {
        FieldKind::Number if !in_range(text) => Err(out_of_range(text)),
        FieldKind::Number | FieldKind::Any => {
            out.put(text);
            Ok(())
        }
        FieldKind::Code => {
            out.put_byte(b'"');
            out.put(text);
            out.put_byte(b'"');
            Ok(())
        }
        _ => Err(format!(
            "expected {}, got the number {text}",
            kind_name(kind)
        )),
    }
}

/// A boolean value in a scalar field.
pub fn boolean(kind: FieldKind, value: bool, out: &mut Vec<u8>) -> Result<(), Refusal> {
    match kind {
        FieldKind::Flag | FieldKind::Any => {
            out.put(if value { "true" } else { "false" });
            Ok(())
        }
        _ => Err(format!("expected {}, got {value}", kind_name(kind))),
    }
}

/// An object or array where `kind` wants something else.
pub fn wrong_container(kind: FieldKind, got_object: bool) -> Refusal {
    let got = if got_object { "an object" } else { "an array" };
    format!("expected {}, got {got}", kind_name(kind))
}

/// `null` in a field.
pub fn null(presence: Presence, out: &mut Vec<u8>) -> Result<(), Refusal> {
    if presence == Presence::Required {
        Err("is null but the docs make it mandatory".to_owned())
    } else {
        out.put("null");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use FieldKind::*;
    use Presence::*;

    /// Runs one JSON scalar through the decoder for `kind`.
    fn run(kind: FieldKind, presence: Presence, json: &str) -> Result<String, String> {
        let mut out = Vec::new();
        let res = match json.as_bytes().first() {
            Some(b'"') => {
                let v: String = serde_json::from_str(json).expect("test input is a string");
                string(kind, presence, &v, &mut out)
            }
            Some(b't') => boolean(kind, true, &mut out),
            Some(b'f') => boolean(kind, false, &mut out),
            Some(b'n') => null(presence, &mut out),
            Some(b'{') => Err(wrong_container(kind, true)),
            Some(b'[') => Err(wrong_container(kind, false)),
            _ => number(kind, json, &mut out),
        };
        res.map(|_| String::from_utf8(out).expect("ASCII output"))
    }

    fn ok(kind: FieldKind, json: &str, want: &str) {
        assert_eq!(run(kind, Optional, json).as_deref(), Ok(want), "{json}");
    }

    fn refused(kind: FieldKind, json: &str, why: &str) {
        let err = run(kind, Optional, json).expect_err(json);
        assert!(err.contains(why), "{json}: {err}");
    }

    #[test]
    fn dates() {
        ok(
            Timestamp,
            r#""1944-05-07 00:00:00""#,
            r#""1944-05-07T00:00:00Z""#,
        );
        ok(Timestamp, r#""2019-05-15""#, r#""2019-05-15""#);
        ok(Timestamp, r#""""#, "null");
        ok(Timestamp, "null", "null");
        ok(Timestamp, r#""0000-00-00 00:00:00""#, "null");
        ok(
            Timestamp,
            r#""2021-03-17T10:42:52+01:00""#,
            r#""2021-03-17T10:42:52+01:00""#,
        );
        refused(Timestamp, r#""2021-02-30 10:00:00""#, "not a real date");
        refused(Timestamp, r#""17/03/2021""#, "not a date in the format");
        refused(Timestamp, "20210317", "got the number");
        refused(Timestamp, "true", "got true");
        refused(Timestamp, "{}", "got an object");
    }

    #[test]
    fn flags() {
        for (json, want) in [
            (r#""T""#, "true"),
            (r#""F""#, "false"),
            (r#""Y""#, "true"),
            (r#""N""#, "false"),
            (r#""y""#, "true"),
            ("true", "true"),
            ("false", "false"),
            (r#""""#, "null"),
            ("null", "null"),
        ] {
            ok(Flag, json, want);
        }
        refused(Flag, r#""X""#, "not a flag letter");
        refused(Flag, r#""S""#, "not a flag letter");
        refused(Flag, r#""true""#, "not a flag letter");
        refused(Flag, "1", "got the number");
    }

    #[test]
    fn numbers() {
        ok(Number, "25", "25");
        // Kept as written: JSON.parse reads exactly the number the server sent.
        ok(Number, "-1.5e3", "-1.5e3");
        ok(Number, "12.50", "12.50");
        ok(Number, "0.30000000000000004", "0.30000000000000004");
        ok(Number, r#""12""#, "12");
        ok(Number, r#""12.50""#, "12.50");
        ok(Number, r#""""#, "null");
        ok(Number, "null", "null");
        refused(Number, r#""1,5""#, "not a number");
        refused(Number, r#""12 pcs""#, "not a number");
        refused(Number, r#"" 12""#, "not a number");
        refused(Number, r#""NaN""#, "not a number");
        refused(Number, "true", "got true");
        refused(Number, "[1]", "got an array");
        // Found by the fuzzer: valid JSON that a double cannot hold.
        refused(Number, "7882222222222222222E2222222222", "too large");
        refused(Number, r#""1e999""#, "too large");
        ok(Number, "1e300", "1e300");
        ok(Number, &"9".repeat(250), &"9".repeat(250));
        ok(Number, "1.7976931348623157e308", "1.7976931348623157e308");
        ok(Number, "-0.000001e-400", "-0.000001e-400");
        ok(Number, "0e99999999999999999999", "0e99999999999999999999");
        ok(Number, "0.00123e310", "0.00123e310");
        refused(Number, "1.8e308", "too large");
        refused(Number, "0.00123e312", "too large");
        refused(Number, &format!("1{}", "0".repeat(309)), "too large");
        ok(
            Number,
            &format!("1{}", "0".repeat(307)),
            &format!("1{}", "0".repeat(307)),
        );
    }

    #[test]
    fn number_strings_follow_the_grammar() {
        for ok in ["0", "-0", "12", "1.5", "-1.5e-3", "1E+2"] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in ["", "+1", "01", ".5", "1.", "1e", "NaN", "1,5", " 1", "0x10"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }

    #[test]
    fn text_and_codes() {
        ok(Text, r#""Città""#, r#""Citt\u00e0""#);
        ok(Text, r#""""#, "null");
        ok(Text, "null", "null");
        ok(Code, r#""0648""#, r#""0648""#);
        ok(Code, "210", r#""210""#);
        ok(Code, "-3", r#""-3""#);
        ok(Code, r#""""#, "null");
        refused(Text, "12", "got the number");
        refused(Text, "false", "got false");
        refused(Code, "{}", "got an object");
        assert_eq!(run(Text, Required, r#""""#).as_deref(), Ok(r#""""#));
        assert!(run(Text, Required, "null")
            .unwrap_err()
            .contains("mandatory"));
        assert_eq!(run(Text, Mandatory, "null").as_deref(), Ok("null"));
        assert!(run(Number, Required, r#""""#).is_err());
    }

    #[test]
    fn any_is_verbatim() {
        ok(Any, r#""x""#, r#""x""#);
        ok(Any, "1.50", "1.50");
        ok(Any, "true", "true");
    }

    #[test]
    fn show_shortens_long_values() {
        let long = "x".repeat(100);
        assert!(show(&long).ends_with("…\""));
        assert_eq!(show("Città"), "\"Città\"");
        assert_eq!(show("a\"b"), r#""a\"b""#);
    }
}
