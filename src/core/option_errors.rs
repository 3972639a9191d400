//! Reading an options object and the words of its messages.
//!
//! [`read`] is the one entry: serde (serde-wasm-bindgen in wasm, serde_json natively)
//! reads the caller's object straight into the option type, wrapped in
//! `serde_path_to_error`, which gives every failure its option path
//! (`rateLimit.maxCalls`, `headers.x-a`, `body.items[2]`). [`plain`] turns serde's
//! standard messages ("invalid type: string \"5\", expected a number") into plain words
//! ("must be a number, got the string \"5\""), and an unknown property into "unknown
//! option ... (did you mean ...?)".

use super::error::{Error, Result};
use serde::de::{Deserialize, Deserializer};

/// Reads the options object `what` (e.g. `"Client options"`) as a `T`, refusing
/// properties `T` does not know; every failure is an `invalidArgument` error naming the
/// option at fault by its path.
pub fn read<'de, T: Deserialize<'de>, D: Deserializer<'de>>(what: &str, d: D) -> Result<T>
where
    D::Error: std::fmt::Display,
{
    match serde_path_to_error::deserialize::<_, super::js::Strict<T>>(d) {
        Ok(v) => Ok(v.0),
        Err(e) => {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            Err(plain(what, &path, &e.into_inner().to_string()))
        }
    }
}

/// Reads options from JSON text (native tests and fuzzing; JS-only values are written as
/// the markers of [`super::js::native`], read only natively;
/// in wasm, functions, signals and Dates come from JS values only).
pub fn read_json<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T> {
    read(what, &mut serde_json::Deserializer::from_str(json))
}

/// Between the first two backticks of `s`.
fn quoted(s: &str) -> Option<&str> {
    let a = s.find('`')? + 1;
    let b = s[a..].find('`')? + a;
    Some(&s[a..b])
}

/// Every backticked name in `s`.
fn names(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// serde's name of what was expected, in plain words.
fn expected(e: &str) -> String {
    match e {
        "f64" | "f32" | "u64" | "i64" | "u32" | "a number" => "a number".into(),
        "a string" | "a borrowed string" => "a string".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "an array".into(),
        "a map" | "an object" => "an object".into(),
        s if s.starts_with("struct ") => "an object".into(),
        s if s.starts_with("variant identifier") || s.starts_with("enum ") => {
            "a known value".into()
        }
        s => s.into(),
    }
}

/// serde's description of the value that came (`Unexpected`'s Display), in plain words.
fn got(u: &str) -> String {
    let tick = |s: &str| s.trim_start_matches('`').trim_end_matches('`').to_owned();
    if let Some(s) = u.strip_prefix("string ") {
        let inner: String = serde_json::from_str(s).unwrap_or_else(|_| s.to_owned());
        return format!("the string {}", show(&inner));
    }
    if let Some(n) = u.strip_prefix("integer ") {
        return format!("the number {}", tick(n));
    }
    if let Some(n) = u.strip_prefix("floating point ") {
        return match tick(n).parse::<f64>() {
            Ok(f) => number(f),
            Err(_) => format!("the number {}", tick(n)),
        };
    }
    if let Some(b) = u.strip_prefix("boolean ") {
        return tick(b);
    }
    match u {
        "unit value" | "null" | "Option value" => "null".into(),
        "sequence" => "an array".into(),
        "map" => "an object".into(),
        s if s.starts_with("JsValue(Symbol") => "a symbol".into(),
        s if s.starts_with("JsValue(function") || s.starts_with("JsValue(class") => {
            "a function".into()
        }
        s if s.starts_with("JsValue(") && s.ends_with("n)") => "a bigint".into(),
        s if s.starts_with("JsValue(") => "a value of another kind".into(),
        s => s.chars().take(80).collect(),
    }
}

/// serde's message `msg` about the option at `path` of `what`, as an `invalidArgument`
/// error in plain words.
pub fn plain(what: &str, path: &str, msg: &str) -> Error {
    // serde-wasm-bindgen's errors are JS `Error`s, shown as "Error: ...".
    let msg = msg.strip_prefix("Error: ").unwrap_or(msg);
    // serde_json adds where in the text it was.
    let msg = match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(" column ") => &msg[..i],
        _ => msg,
    };
    let join = |name: &str| {
        if path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let name = quoted(rest).unwrap_or("");
        // The path may already end with the unknown name.
        let parent = path
            .strip_suffix(name)
            .map(|p| p.trim_end_matches('.'))
            .unwrap_or(path);
        let known = rest
            .split_once(", ")
            .map(|(_, k)| names(k))
            .unwrap_or_default();
        return unknown_option(what, parent, name, &known);
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let name = quoted(rest).unwrap_or("");
        return Error::invalid_argument(format!("{} is required", subject(what, &join(name))));
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let name = quoted(rest).unwrap_or("");
        let known: Vec<String> = rest
            .split_once(", ")
            .map(|(_, k)| names(k).iter().map(|n| format!("\"{n}\"")).collect())
            .unwrap_or_default();
        return Error::invalid_argument(format!(
            "{} must be {}, got the string {}",
            subject(what, path),
            known.join(" or "),
            show(name)
        ));
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            if let Some((u, e)) = rest.rsplit_once(", expected ") {
                return Error::invalid_argument(format!(
                    "{} must be {}, got {}",
                    subject(what, path),
                    expected(e),
                    got(u)
                ));
            }
        }
    }
    if msg.starts_with("must ") || msg.starts_with("is ") || msg.starts_with("holds ") {
        return Error::invalid_argument(format!("{} {msg}", subject(what, path)));
    }
    // Not serde's nor ours: what reading the caller's object threw (a getter, a Proxy).
    Error::invalid_argument(format!(
        "{} could not be read: reading it threw {}",
        subject(what, path),
        show(msg)
    ))
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
            row[j + 1] = (prev + usize::from(ca != b[j]))
                .min(row[j] + 1)
                .min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The longest string accepted in any option (a guard against runaway input).
pub const MAX_STRING: usize = 64 * 1024;

/// Describes a number for a message.
pub fn number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        (if n > 0.0 {
            "the number Infinity"
        } else {
            "the number -Infinity"
        })
        .into()
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

/// An optional string no longer than [`MAX_STRING`].
pub fn text<'a>(what: &str, path: &str, v: Option<&'a str>) -> Result<Option<&'a str>> {
    match v {
        Some(s) if s.len() > MAX_STRING => Err(Error::invalid_argument(format!(
            "{} is {} characters long; at most {MAX_STRING} are accepted",
            subject(what, path),
            s.len()
        ))),
        other => Ok(other),
    }
}

/// A required, non-blank string.
pub fn required<'a>(what: &str, path: &str, v: Option<&'a str>) -> Result<&'a str> {
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
