//! Reading an options object with serde, and turning serde's errors into messages a
//! person can act on: each names the option by its path (`rateLimit.maxCalls`), what it
//! must be, and what came ("got the string \"5\"", "got an array").

use super::error::{Error, Result};
use super::js::Strict;
use serde::{Deserialize, Deserializer};

/// Reads the options object `what` (e.g. `"Client options"`) from `d` as a `T`; every
/// failure is an `invalidArgument` error naming the option at fault.
pub fn parse<'de, T: Deserialize<'de>, D: Deserializer<'de>>(what: &str, d: D) -> Result<T> {
    match serde_path_to_error::deserialize::<_, Strict<T>>(d) {
        Ok(Strict(t)) => Ok(t),
        Err(e) => {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            Err(message(what, &path, &e.into_inner().to_string()))
        }
    }
}

/// Shows a caller's string in a message, shortened and quoted.
pub fn show(value: &str) -> String {
    let mut shown: String = value.chars().take(60).collect();
    if shown.len() < value.len() {
        shown.push('…');
    }
    format!("{shown:?}")
}

/// "option `path` of what" (or just "what" at the top).
pub fn subject(what: &str, path: &str) -> String {
    if path.is_empty() {
        what.to_owned()
    } else {
        format!("option `{path}` of {what}")
    }
}

fn between<'a>(s: &'a str, open: char, close: char) -> Option<(&'a str, &'a str)> {
    let a = s.find(open)?;
    let rest = &s[a + open.len_utf8()..];
    let b = rest.find(close)?;
    Some((&rest[..b], &rest[b + close.len_utf8()..]))
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// The message for serde's error `raw` at `path` of the options object `what`.
pub fn message(what: &str, path: &str, raw: &str) -> Error {
    // serde_json (native tests and fuzzing) adds where in the text the error is.
    let raw = match raw.rfind(" at line ") {
        Some(i) if raw[i..].contains(" column ") => &raw[..i],
        _ => raw,
    };
    let text = if let Some(rest) = raw.strip_prefix("unknown field ") {
        let (name, known) = between(rest, '`', '`').unwrap_or((rest, ""));
        // serde_path_to_error's path may already end with the unknown key.
        let parent = path
            .strip_suffix(name)
            .map(|p| p.trim_end_matches('.'))
            .unwrap_or(path);
        let known: Vec<&str> = known.split('`').skip(1).step_by(2).collect();
        return unknown_option(what, parent, name, &known);
    } else if let Some(rest) = raw.strip_prefix("missing field ") {
        let (name, _) = between(rest, '`', '`').unwrap_or((rest, ""));
        format!("{} is required", subject(what, &join(path, name)))
    } else if let Some(rest) = raw
        .strip_prefix("invalid type: ")
        .or_else(|| raw.strip_prefix("invalid value: "))
    {
        match rest.rsplit_once(", expected ") {
            Some((got, expected)) => format!(
                "{} must be {}, got {}",
                subject(what, path),
                expectation(expected),
                describe_unexpected(got)
            ),
            None => format!("{} is not valid: {rest}", subject(what, path)),
        }
    } else if let Some(rest) = raw.strip_prefix("invalid length ") {
        format!("{} is too long ({rest})", subject(what, path))
    } else {
        format!("{} is not valid: {}", subject(what, path), raw)
    };
    Error::invalid_argument(text)
}

/// "unknown option `x` in what (did you mean `y`? known options: ...)".
pub fn unknown_option(what: &str, parent: &str, name: &str, known: &[&str]) -> Error {
    let shown: String = name.chars().take(40).collect();
    let shown = if shown.len() < name.len() {
        format!("{shown}…")
    } else {
        shown
    };
    let place = subject(what, parent);
    let hint = closest(name, known)
        .map(|k| format!("did you mean `{k}`? "))
        .unwrap_or_default();
    Error::invalid_argument(format!(
        "unknown option `{shown}` in {place} ({hint}known options: {})",
        known.join(", ")
    ))
}

/// The known name closest to `name`, if it is a likely typo of it.
fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    if name.len() > 64 {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (distance(&lower, &k.to_ascii_lowercase()), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 5))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != b[j])).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Rewrites serde's expectation names (`f64`, `struct X`) in plain words.
fn expectation(e: &str) -> String {
    match e {
        "f64" | "f32" | "u64" | "i64" => "a number".into(),
        "a string" | "a borrowed string" => "a string".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "an array".into(),
        "a map" => "an object".into(),
        e if e.starts_with("struct ") => "an object".into(),
        e => e.into(),
    }
}

/// Rewrites serde's description of an unexpected value (`string "x"`, `map`,
/// `floating point \`1.5\``, a debug-printed JavaScript value) in plain words.
pub fn describe_unexpected(u: &str) -> String {
    let ticked = |rest: &str| rest.trim_matches('`').to_owned();
    if let Some(rest) = u.strip_prefix("string ") {
        let inner = rest
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .unwrap_or(rest);
        let inner = inner.replace("\\\"", "\"").replace("\\\\", "\\");
        return format!("the string {}", show(&inner));
    }
    if let Some(rest) = u.strip_prefix("floating point ") {
        let n = ticked(rest);
        let n = match n.as_str() {
            "NaN" => return "NaN".into(),
            "inf" => "Infinity".to_owned(),
            "-inf" => "-Infinity".to_owned(),
            n => n.strip_suffix(".0").unwrap_or(n).to_owned(),
        };
        return format!("the number {n}");
    }
    if let Some(rest) = u.strip_prefix("integer ") {
        return format!("the number {}", ticked(rest));
    }
    if let Some(rest) = u.strip_prefix("boolean ") {
        return ticked(rest);
    }
    match u {
        "map" => return "an object".into(),
        "sequence" => return "an array".into(),
        "unit value" | "Option value" | "null" => return "null".into(),
        _ => {}
    }
    if let Some(rest) = u.strip_prefix("JsValue(") {
        // A value serde-wasm-bindgen printed: an object of the options copy (maybe a
        // marked value), an array or a function.
        let mark = format!("\"{}\":\"", super::js::TAG);
        if let Some(at) = rest.find(&mark) {
            let kind = &rest[at + mark.len()..];
            let kind = kind.split('"').next().unwrap_or("");
            return super::js::describe_kind(kind);
        }
        if rest.starts_with("Object") {
            return "an object".into();
        }
        if rest.starts_with('[') || rest.starts_with("Array") {
            return "an array".into();
        }
        if rest.starts_with("Function") {
            return "a function".into();
        }
        return "a value of an unsupported type".into();
    }
    u.chars().take(80).collect()
}

/// The longest string accepted in any option (a guard against runaway input).
pub const MAX_STRING: usize = 64 * 1024;

/// Describes a number for a message.
pub fn number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        (if n > 0.0 { "the number Infinity" } else { "the number -Infinity" }).into()
    } else {
        format!("the number {}", format_number(n))
    }
}

/// Formats a finite number the way JavaScript's `String(n)` does for integers, and with
/// Rust's shortest round-trip form otherwise.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// An optional whole number in `min..=max`.
pub fn whole(what: &str, path: &str, v: Option<f64>, min: u64, max: u64) -> Result<Option<u64>> {
    match v {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && n >= min as f64 && n <= max as f64 => Ok(Some(n as u64)),
        Some(n) => Err(Error::invalid_argument(format!(
            "{} must be a whole number from {min} to {max}, got {}",
            subject(what, path),
            number(n)
        ))),
    }
}

/// An optional string no longer than [`MAX_STRING`].
pub fn text<'a>(what: &str, path: &str, v: Option<&'a String>) -> Result<Option<&'a str>> {
    match v {
        Some(s) if s.len() > MAX_STRING => Err(Error::invalid_argument(format!(
            "{} is {} characters long; at most {MAX_STRING} are accepted",
            subject(what, path),
            s.len()
        ))),
        other => Ok(other.map(String::as_str)),
    }
}

/// A required, non-blank string.
pub fn required<'a>(what: &str, path: &str, v: Option<&'a String>) -> Result<&'a str> {
    match text(what, path, v)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        Some(_) => Err(Error::invalid_argument(format!(
            "{} must not be empty",
            subject(what, path)
        ))),
        None => Err(Error::invalid_argument(format!(
            "{} is required",
            subject(what, path)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_have_articles() {
        assert_eq!(describe_unexpected("map"), "an object");
        assert_eq!(describe_unexpected("sequence"), "an array");
        assert_eq!(describe_unexpected("string \"x\""), "the string \"x\"");
        assert_eq!(describe_unexpected("floating point `-1.0`"), "the number -1");
        assert_eq!(describe_unexpected("floating point `1.5`"), "the number 1.5");
        assert_eq!(describe_unexpected("floating point `inf`"), "the number Infinity");
        assert_eq!(describe_unexpected("boolean `true`"), "true");
        assert_eq!(
            describe_unexpected("JsValue(Object({\"fourws:js\":\"a symbol\"}))"),
            "a symbol"
        );
        assert_eq!(describe_unexpected("JsValue(Object({\"a\":1}))"), "an object");
        assert_eq!(describe_unexpected("JsValue(Function(f))"), "a function");
    }

    #[test]
    fn typos_get_a_suggestion() {
        let e = unknown_option(
            "customersExport options",
            "",
            "completeExtration",
            &["completeExtraction", "system"],
        );
        assert!(
            e.message.contains("unknown option `completeExtration`")
                && e.message.contains("did you mean `completeExtraction`?"),
            "{}",
            e.message
        );
        let e = unknown_option("Client options", "rateLimit", "zzz", &["maxCalls", "perMs"]);
        assert!(!e.message.contains("did you mean"), "{}", e.message);
        assert!(e.message.contains("option `rateLimit` of Client options"));
    }
}
