//! Arguments as JavaScript passed them, before validation: the wasm layer turns any JS
//! value into an [`Arg`], and the core checks it here, so every "wrong type", "missing",
//! "unknown option" and "too long" case is decided (and tested) natively and names the
//! option at fault.

use super::error::{Error, Result};

/// The longest string accepted in any option (a guard against runaway input).
pub const MAX_STRING: usize = 64 * 1024;

/// A JavaScript value, as far as option checking needs to see it.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// `undefined` (or a missing property).
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Str(String),
    /// A `Date`, as epoch milliseconds (NaN for an invalid date).
    Date(f64),
    /// A plain object, its own enumerable properties in order.
    Object(Vec<(String, Arg)>),
    /// An array.
    Array(Vec<Arg>),
    /// A function.
    Function,
    /// An `AbortSignal`.
    Signal,
    /// Anything else, with its type's name (`"symbol"`, `"bigint"`, `"Map"`, ...).
    Other(String),
}

impl Arg {
    /// How a message names this value's type.
    pub fn type_name(&self) -> String {
        match self {
            Arg::Undefined => "undefined".into(),
            Arg::Null => "null".into(),
            Arg::Bool(_) => "a boolean".into(),
            Arg::Number(n) if n.is_nan() => "NaN".into(),
            Arg::Number(_) => "a number".into(),
            Arg::Str(_) => "a string".into(),
            Arg::Date(_) => "a Date".into(),
            Arg::Object(_) => "an object".into(),
            Arg::Array(_) => "an array".into(),
            Arg::Function => "a function".into(),
            Arg::Signal => "an AbortSignal".into(),
            Arg::Other(t) => t.clone(),
        }
    }

    /// Whether the value is `undefined` or `null` (an option left out).
    pub fn is_absent(&self) -> bool {
        matches!(self, Arg::Undefined | Arg::Null)
    }
}

/// An options object being read: looks properties up by name and, at the end, refuses
/// the ones nobody asked for (a typo such as `completeExtration` must not pass silently).
pub struct Props<'a> {
    what: &'static str,
    props: &'a [(String, Arg)],
    known: &'static [&'static str],
}

static ABSENT: Arg = Arg::Undefined;

impl<'a> Props<'a> {
    /// Reads `value` as the options object `what` (e.g. `"Client options"`), whose
    /// accepted property names are `known`. `undefined`/`null` reads as `{}`.
    pub fn new(what: &'static str, value: &'a Arg, known: &'static [&'static str]) -> Result<Self> {
        let props: &'a [(String, Arg)] = match value {
            Arg::Object(p) => p,
            Arg::Undefined | Arg::Null => &[],
            other => {
                return Err(Error::invalid_argument(format!(
                    "{what} must be an object, got {}",
                    other.type_name()
                )))
            }
        };
        if let Some((name, _)) = props.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            return Err(Error::invalid_argument(format!(
                "unknown option `{}` in {what} (known options: {})",
                shorten(name),
                known.join(", ")
            )));
        }
        Ok(Props { what, props, known })
    }

    /// The property `name` (`Undefined` if absent).
    pub fn get(&self, name: &str) -> &'a Arg {
        debug_assert!(self.known.contains(&name));
        self.props
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
            .unwrap_or(&ABSENT)
    }

    /// An error about option `name`.
    pub fn bad(&self, name: &str, expected: &str, got: &Arg) -> Error {
        Error::invalid_argument(format!(
            "option `{name}` of {} must be {expected}, got {}",
            self.what,
            describe(got)
        ))
    }

    /// An optional string option (absent → `None`); refuses other types and huge strings.
    pub fn string(&self, name: &str) -> Result<Option<&'a str>> {
        match self.get(name) {
            a if a.is_absent() => Ok(None),
            Arg::Str(s) if s.len() > MAX_STRING => Err(Error::invalid_argument(format!(
                "option `{name}` of {} is {} characters long; at most {MAX_STRING} are accepted",
                self.what,
                s.len()
            ))),
            Arg::Str(s) => Ok(Some(s)),
            other => Err(self.bad(name, "a string", other)),
        }
    }

    /// A required, non-blank string option.
    pub fn required_string(&self, name: &str) -> Result<&'a str> {
        match self.string(name)? {
            Some(s) if !s.trim().is_empty() => Ok(s),
            Some(_) => Err(Error::invalid_argument(format!(
                "option `{name}` of {} must not be empty",
                self.what
            ))),
            None => Err(Error::invalid_argument(format!(
                "option `{name}` of {} is required",
                self.what
            ))),
        }
    }

    /// An optional boolean option.
    pub fn boolean(&self, name: &str) -> Result<Option<bool>> {
        match self.get(name) {
            a if a.is_absent() => Ok(None),
            Arg::Bool(b) => Ok(Some(*b)),
            other => Err(self.bad(name, "true or false", other)),
        }
    }

    /// An optional whole number in `min..=max`.
    pub fn integer(&self, name: &str, min: u64, max: u64) -> Result<Option<u64>> {
        match self.get(name) {
            a if a.is_absent() => Ok(None),
            Arg::Number(n) if n.fract() == 0.0 && *n >= min as f64 && *n <= max as f64 => {
                Ok(Some(*n as u64))
            }
            other => Err(self.bad(name, &format!("a whole number from {min} to {max}"), other)),
        }
    }
}

/// Describes a value for a message, showing short strings and numbers.
pub fn describe(v: &Arg) -> String {
    match v {
        Arg::Str(s) => format!("the string {}", super::fields::show(s)),
        Arg::Number(n) if n.is_finite() => format!("the number {n}"),
        other => other.type_name(),
    }
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Writes a JSON value for an argument that is sent as JSON (a request body or query).
/// Refuses values JSON cannot hold.
pub fn to_json(v: &Arg, out: &mut String, path: &str, depth: usize) -> Result<()> {
    use super::json::write;
    if depth > 32 {
        return Err(Error::invalid_argument(format!(
            "`{path}` is nested too deeply"
        )));
    }
    match v {
        Arg::Null => out.push_str("null"),
        Arg::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Arg::Number(n) if n.is_finite() => out.push_str(&format_number(*n)),
        Arg::Str(s) => write::string(out, s),
        Arg::Date(ms) => match super::datetime::format_gmt(*ms) {
            Some(s) => write::string(out, &s),
            None => {
                return Err(Error::invalid_argument(format!(
                    "`{path}` is an invalid Date"
                )))
            }
        },
        Arg::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                to_json(item, out, &format!("{path}[{i}]"), depth + 1)?;
            }
            out.push(']');
        }
        Arg::Object(props) => {
            out.push('{');
            let mut first = true;
            for (k, item) in props {
                if item == &Arg::Undefined {
                    continue;
                }
                if !first {
                    out.push(',');
                }
                first = false;
                write::string(out, k);
                out.push(':');
                to_json(item, out, &format!("{path}.{k}"), depth + 1)?;
            }
            out.push('}');
        }
        other => {
            return Err(Error::invalid_argument(format!(
                "`{path}` cannot be sent as JSON: it is {}",
                other.type_name()
            )))
        }
    }
    Ok(())
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

/// An `Arg::Object` from name/value pairs (for tests).
#[cfg(test)]
pub(crate) fn obj(props: &[(&str, Arg)]) -> Arg {
    Arg::Object(
        props
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_options_are_refused_by_name() {
        let v = obj(&[("completeExtration", Arg::Bool(true))]);
        let e = Props::new("customersExport options", &v, &["completeExtraction"])
            .err()
            .unwrap();
        assert!(e.message.contains("`completeExtration`"), "{}", e.message);
        assert!(e.message.contains("completeExtraction"));
    }

    #[test]
    fn wrong_types_name_the_option_and_what_came() {
        let v = obj(&[
            ("a", Arg::Number(1.0)),
            ("b", Arg::Str("x".into())),
            ("c", Arg::Number(1.5)),
            ("d", Arg::Str("x".repeat(MAX_STRING + 1))),
            ("e", Arg::Str("  ".into())),
        ]);
        let p = Props::new("test options", &v, &["a", "b", "c", "d", "e", "f"]).unwrap();
        assert!(p
            .string("a")
            .unwrap_err()
            .message
            .contains("`a` of test options must be a string, got the number 1"));
        assert!(p
            .boolean("b")
            .unwrap_err()
            .message
            .contains("got the string \"x\""));
        assert!(p
            .integer("c", 0, 10)
            .unwrap_err()
            .message
            .contains("whole number"));
        assert!(p.string("d").unwrap_err().message.contains("at most"));
        assert!(p
            .required_string("e")
            .unwrap_err()
            .message
            .contains("must not be empty"));
        assert!(p
            .required_string("f")
            .unwrap_err()
            .message
            .contains("is required"));
        assert_eq!(p.integer("f", 0, 10).unwrap(), None);
    }

    #[test]
    fn non_objects_are_refused() {
        for v in [
            Arg::Str("x".into()),
            Arg::Number(1.0),
            Arg::Array(vec![]),
            Arg::Function,
        ] {
            assert!(Props::new("o", &v, &[]).is_err());
        }
        assert!(Props::new("o", &Arg::Undefined, &[]).is_ok());
        assert!(Props::new("o", &Arg::Null, &[]).is_ok());
    }

    #[test]
    fn json_of_arguments() {
        let v = obj(&[
            ("s", Arg::Str("€\"".into())),
            ("n", Arg::Number(3.0)),
            ("f", Arg::Number(0.5)),
            ("skip", Arg::Undefined),
            ("a", Arg::Array(vec![Arg::Null, Arg::Bool(true)])),
            ("d", Arg::Date(0.0)),
        ]);
        let mut out = String::new();
        to_json(&v, &mut out, "body", 0).unwrap();
        assert_eq!(
            out,
            r#"{"s":"\u20ac\"","n":3,"f":0.5,"a":[null,true],"d":"1970-01-01 00:00:00"}"#
        );
        let mut out = String::new();
        assert!(to_json(&obj(&[("f", Arg::Function)]), &mut out, "body", 0)
            .unwrap_err()
            .message
            .contains("`body.f`"));
        assert!(to_json(&Arg::Number(f64::NAN), &mut String::new(), "x", 0).is_err());
    }
}
