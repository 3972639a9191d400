//! The words of option messages: each names the option by its path
//! (`rateLimit.maxCalls`), what it must be, and what came ("got the string \"5\"",
//! "got an array"); the shared range checks of option values.

use super::error::{Error, Result};

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
