//! The `Client` options: checked once, in the constructor, before any request.

use super::args::{Arg, Props};
use super::error::{Error, Result};
use std::fmt;

/// Every option name `new Client(...)` accepts.
pub const CLIENT_OPTIONS: &[&str] = &[
    "baseUrl",
    "applicationId",
    "username",
    "password",
    "companyId",
    "siteId",
    "namespace",
    "languageId",
    "loadRoles",
    "timeoutMs",
    "maxRetries",
    "rateLimit",
    "concurrency",
    "headers",
    "fetch",
    "onRequest",
    "invalidRecords",
    "maxResponseBytes",
    "maxRetryAfterMs",
];

/// The default per-request timeout.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// The default number of retries.
pub const DEFAULT_MAX_RETRIES: u64 = 3;
/// The default largest response body accepted.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;
/// The default longest `Retry-After` the client waits for before giving up.
pub const DEFAULT_MAX_RETRY_AFTER_MS: u64 = 120_000;
/// The most pages a paginator keeps in flight.
pub const MAX_CONCURRENCY: u64 = 16;

/// What to do with a record that fails validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvalidRecords {
    /// Fail with a `validation` error (the default).
    Throw,
    /// Hand it to the user's callback and go on (the page also lists it in `invalid`).
    Callback,
}

/// A client-side throttle: at most `max_calls` request starts in any `per_ms` window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    /// Calls allowed per window.
    pub max_calls: u64,
    /// The window, in milliseconds.
    pub per_ms: u64,
}

/// Validated client options. Its `Debug` output never shows the password.
#[derive(Clone, PartialEq)]
pub struct ClientConfig {
    /// `https://host[/prefix]`, without a trailing slash.
    pub base_url: String,
    /// Sent as `appId` and `applicationId`.
    pub application_id: String,
    /// `username` header.
    pub username: Option<String>,
    /// `password` header.
    pub password: Option<String>,
    /// `companyId` header.
    pub company_id: Option<String>,
    /// `siteId` header.
    pub site_id: Option<String>,
    /// `namespace` header.
    pub namespace: Option<String>,
    /// `languageId` header (`IT` or `EN`).
    pub language_id: Option<String>,
    /// Sends `loadRoles: Y`.
    pub load_roles: bool,
    /// Per-request timeout (0 = none).
    pub timeout_ms: u64,
    /// Retries after the first attempt.
    pub max_retries: u64,
    /// Client-side throttle.
    pub rate_limit: Option<RateLimit>,
    /// Pages in flight when paginating a complete extraction.
    pub concurrency: u64,
    /// Extra headers, in order.
    pub headers: Vec<(String, String)>,
    /// Whether a custom `fetch` was given.
    pub custom_fetch: bool,
    /// Whether an `onRequest` hook was given.
    pub on_request: bool,
    /// What to do with invalid records.
    pub invalid_records: InvalidRecords,
    /// Largest response body accepted.
    pub max_response_bytes: u64,
    /// Longest `Retry-After` waited for.
    pub max_retry_after_ms: u64,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url)
            .field("application_id", &self.application_id)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("company_id", &self.company_id)
            .field("site_id", &self.site_id)
            .field("timeout_ms", &self.timeout_ms)
            .field("max_retries", &self.max_retries)
            .field("rate_limit", &self.rate_limit)
            .field("concurrency", &self.concurrency)
            .finish_non_exhaustive()
    }
}

/// Checks a header value: `fetch` accepts only Latin-1 without line breaks.
pub fn check_header_value(name: &str, value: &str) -> Result<()> {
    if value
        .chars()
        .any(|c| c == '\r' || c == '\n' || c == '\0' || c as u32 > 0xff)
    {
        return Err(Error::invalid_argument(format!(
            "`{name}` cannot be sent as an HTTP header: it holds a line break, a NUL or a \
             character outside Latin-1"
        )));
    }
    Ok(())
}

fn check_header_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 256
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!(
            "`headers` holds an invalid header name {}",
            super::fields::show(name)
        )))
    }
}

/// Checks a `languageId`.
pub fn check_language(value: &str, option: &str) -> Result<()> {
    if value == "IT" || value == "EN" {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!(
            "option `{option}` must be \"IT\" or \"EN\", got {}",
            super::fields::show(value)
        )))
    }
}

fn base_url(p: &Props<'_>) -> Result<String> {
    let raw = p.required_string("baseUrl")?;
    let rest = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"));
    let trimmed = raw.trim_end_matches('/');
    let host = rest.map(|r| r.split('/').next().unwrap_or(""));
    if host.is_some_and(|h| h.contains('@')) {
        // Never echo it: the part before `@` is a user name and usually a password.
        return Err(Error::invalid_argument(
            "option `baseUrl` must not carry credentials (`user:password@` before the host): \
             pass them as the `username` and `password` options, which are sent as headers",
        ));
    }
    match host {
        Some(h) if !h.is_empty() && !trimmed.contains(['?', '#', ' ']) => Ok(trimmed.to_owned()),
        Some(_) => Err(Error::invalid_argument(format!(
            "option `baseUrl` must be an http(s) URL with a host and without query or fragment \
             (requests go to `${{baseUrl}}/api?cmd=...`), got {}",
            super::fields::show(raw)
        ))),
        None => Err(Error::invalid_argument(format!(
            "option `baseUrl` must start with https:// or http://, got {}",
            super::fields::show(raw)
        ))),
    }
}

fn header_option(p: &Props<'_>, name: &str) -> Result<Option<String>> {
    match p.string(name)? {
        Some(v) => {
            check_header_value(name, v)?;
            Ok(Some(v.to_owned()))
        }
        None => Ok(None),
    }
}

impl ClientConfig {
    /// Checks `new Client(options)`.
    pub fn from_arg(options: &Arg) -> Result<Self> {
        if options.is_absent() {
            return Err(Error::invalid_argument(
                "new Client(options) needs an options object with at least baseUrl and \
                 applicationId",
            ));
        }
        let p = Props::new("Client options", options, CLIENT_OPTIONS)?;
        let base_url = base_url(&p)?;
        let application_id = p.required_string("applicationId")?.to_owned();
        check_header_value("applicationId", &application_id)?;
        let language_id = header_option(&p, "languageId")?;
        if let Some(l) = &language_id {
            check_language(l, "languageId")?;
        }
        let timeout_ms = p
            .integer("timeoutMs", 0, 24 * 3600 * 1000)?
            .unwrap_or(DEFAULT_TIMEOUT_MS);
        let max_retries = p
            .integer("maxRetries", 0, 20)?
            .unwrap_or(DEFAULT_MAX_RETRIES);
        let concurrency = p.integer("concurrency", 1, MAX_CONCURRENCY)?.unwrap_or(1);
        let rate_limit = match p.get("rateLimit") {
            a if a.is_absent() => None,
            a @ Arg::Object(_) => {
                let r = Props::new("rateLimit", a, &["maxCalls", "perMs"])?;
                let max_calls = r.integer("maxCalls", 1, 1_000_000)?;
                let per_ms = r.integer("perMs", 1, 24 * 3600 * 1000)?;
                match (max_calls, per_ms) {
                    (Some(max_calls), Some(per_ms)) => Some(RateLimit { max_calls, per_ms }),
                    _ => {
                        return Err(Error::invalid_argument(
                            "option `rateLimit` needs both `maxCalls` and `perMs`, e.g. \
                             { maxCalls: 100, perMs: 60000 }",
                        ))
                    }
                }
            }
            other => return Err(p.bad("rateLimit", "an object { maxCalls, perMs }", other)),
        };
        let headers = match p.get("headers") {
            a if a.is_absent() => Vec::new(),
            Arg::Object(props) => {
                if props.len() > 100 {
                    return Err(Error::invalid_argument(
                        "option `headers` holds over 100 headers",
                    ));
                }
                let mut out = Vec::new();
                for (k, v) in props {
                    check_header_name(k)?;
                    match v {
                        Arg::Str(s) if s.len() <= 8192 => {
                            check_header_value(&format!("headers.{k}"), s)?;
                            out.push((k.clone(), s.clone()));
                        }
                        Arg::Number(n) if n.is_finite() => {
                            out.push((k.clone(), super::args::format_number(*n)))
                        }
                        Arg::Undefined => {}
                        other => {
                            return Err(p.bad(
                                &format!("headers.{k}"),
                                "a string of at most 8192 characters",
                                other,
                            ))
                        }
                    }
                }
                out
            }
            other => return Err(p.bad("headers", "an object of header names to strings", other)),
        };
        let custom_fetch = match p.get("fetch") {
            a if a.is_absent() => false,
            Arg::Function => true,
            other => return Err(p.bad("fetch", "a function (like globalThis.fetch)", other)),
        };
        let on_request = match p.get("onRequest") {
            a if a.is_absent() => false,
            Arg::Function => true,
            other => return Err(p.bad("onRequest", "a function", other)),
        };
        let invalid_records = invalid_records(&p)?.unwrap_or(InvalidRecords::Throw);
        Ok(ClientConfig {
            base_url,
            application_id,
            username: header_option(&p, "username")?,
            password: header_option(&p, "password")?,
            company_id: header_option(&p, "companyId")?,
            site_id: header_option(&p, "siteId")?,
            namespace: header_option(&p, "namespace")?,
            language_id,
            load_roles: p.boolean("loadRoles")?.unwrap_or(false),
            timeout_ms,
            max_retries,
            rate_limit,
            concurrency,
            headers,
            custom_fetch,
            on_request,
            invalid_records,
            max_response_bytes: p
                .integer("maxResponseBytes", 1024, 1 << 31)?
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            max_retry_after_ms: p
                .integer("maxRetryAfterMs", 0, 24 * 3600 * 1000)?
                .unwrap_or(DEFAULT_MAX_RETRY_AFTER_MS),
        })
    }
}

/// Reads an `invalidRecords` option: `"throw"` or a function.
pub fn invalid_records(p: &Props<'_>) -> Result<Option<InvalidRecords>> {
    match p.get("invalidRecords") {
        a if a.is_absent() => Ok(None),
        Arg::Str(s) if s == "throw" => Ok(Some(InvalidRecords::Throw)),
        Arg::Function => Ok(Some(InvalidRecords::Callback)),
        other => Err(p.bad(
            "invalidRecords",
            "\"throw\" or a function that receives each invalid record",
            other,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(extra: &[(&str, Arg)]) -> Arg {
        let mut props = vec![
            (
                "baseUrl".to_string(),
                Arg::Str("https://acme.example/".into()),
            ),
            ("applicationId".to_string(), Arg::Str("KEEPIT".into())),
            ("password".to_string(), Arg::Str("s3cret-pw".into())),
        ];
        for (k, v) in extra {
            props.retain(|(name, _)| name != k);
            props.push((k.to_string(), v.clone()));
        }
        Arg::Object(props)
    }

    fn err(extra: &[(&str, Arg)]) -> String {
        let e = ClientConfig::from_arg(&opts(extra)).unwrap_err();
        assert_eq!(e.kind, crate::core::Kind::InvalidArgument);
        e.message
    }

    #[test]
    fn defaults() {
        let c = ClientConfig::from_arg(&opts(&[])).unwrap();
        assert_eq!(c.base_url, "https://acme.example");
        assert_eq!(c.timeout_ms, DEFAULT_TIMEOUT_MS);
        assert_eq!(c.max_retries, 3);
        assert_eq!(c.concurrency, 1);
        assert_eq!(c.invalid_records, InvalidRecords::Throw);
        assert!(!c.load_roles);
    }

    #[test]
    fn bad_options_are_named() {
        let table: Vec<(Vec<(&str, Arg)>, &str)> = vec![
            (
                vec![("baseUrl", Arg::Undefined)],
                "`baseUrl` of Client options is required",
            ),
            (
                vec![("baseUrl", Arg::Str("ftp://x".into()))],
                "must start with https://",
            ),
            (
                vec![("baseUrl", Arg::Str("https://".into()))],
                "with a host",
            ),
            (
                vec![("baseUrl", Arg::Str("https://x/?a=1".into()))],
                "without query",
            ),
            (vec![("baseUrl", Arg::Number(1.0))], "`baseUrl`"),
            (
                vec![("applicationId", Arg::Str("".into()))],
                "`applicationId` of Client options must not be empty",
            ),
            (vec![("timeoutMs", Arg::Number(-1.0))], "`timeoutMs`"),
            (vec![("timeoutMs", Arg::Str("100".into()))], "`timeoutMs`"),
            (vec![("maxRetries", Arg::Number(1.5))], "`maxRetries`"),
            (vec![("concurrency", Arg::Number(0.0))], "`concurrency`"),
            (
                vec![("languageId", Arg::Str("DE".into()))],
                "\"IT\" or \"EN\"",
            ),
            (vec![("rateLimit", Arg::Number(5.0))], "`rateLimit`"),
            (
                vec![(
                    "rateLimit",
                    Arg::Object(vec![("maxCalls".into(), Arg::Number(5.0))]),
                )],
                "both `maxCalls` and `perMs`",
            ),
            (vec![("fetch", Arg::Str("fetch".into()))], "`fetch`"),
            (vec![("onRequest", Arg::Bool(true))], "`onRequest`"),
            (vec![("headers", Arg::Str("x".into()))], "`headers`"),
            (
                vec![(
                    "headers",
                    Arg::Object(vec![("bad name".into(), Arg::Str("1".into()))]),
                )],
                "invalid header name",
            ),
            (
                vec![(
                    "headers",
                    Arg::Object(vec![("x".into(), Arg::Str("a\r\nb".into()))]),
                )],
                "line break",
            ),
            (
                vec![("username", Arg::Str("Zoë\u{263a}".into()))],
                "Latin-1",
            ),
            (
                vec![("invalidRecords", Arg::Str("skip".into()))],
                "`invalidRecords`",
            ),
            (vec![("bogus", Arg::Bool(true))], "unknown option `bogus`"),
        ];
        for (extra, want) in table {
            let msg = err(&extra);
            assert!(msg.contains(want), "{extra:?}: {msg}");
            assert!(!msg.contains("s3cret-pw"));
        }
        assert!(ClientConfig::from_arg(&Arg::Undefined).is_err());
        assert!(ClientConfig::from_arg(&Arg::Str("x".into())).is_err());
    }

    #[test]
    fn debug_never_shows_the_password() {
        let c = ClientConfig::from_arg(&opts(&[])).unwrap();
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("s3cret-pw"), "{dbg}");
        assert!(dbg.contains("<redacted>"));
    }

    #[test]
    fn accepted_forms() {
        let c = ClientConfig::from_arg(&opts(&[
            ("baseUrl", Arg::Str("http://127.0.0.1:8080/prefix".into())),
            (
                "rateLimit",
                Arg::Object(vec![
                    ("maxCalls".into(), Arg::Number(100.0)),
                    ("perMs".into(), Arg::Number(60000.0)),
                ]),
            ),
            (
                "headers",
                Arg::Object(vec![
                    ("x-extra".into(), Arg::Str("1".into())),
                    ("x-n".into(), Arg::Number(2.0)),
                ]),
            ),
            ("languageId", Arg::Str("EN".into())),
            ("loadRoles", Arg::Bool(true)),
            ("fetch", Arg::Function),
            ("invalidRecords", Arg::Function),
            ("timeoutMs", Arg::Number(0.0)),
        ]))
        .unwrap();
        assert_eq!(c.base_url, "http://127.0.0.1:8080/prefix");
        assert_eq!(
            c.rate_limit,
            Some(RateLimit {
                max_calls: 100,
                per_ms: 60000
            })
        );
        assert_eq!(
            c.headers,
            vec![("x-extra".into(), "1".into()), ("x-n".into(), "2".into())]
        );
        assert!(c.custom_fetch && c.load_roles);
        assert_eq!(c.invalid_records, InvalidRecords::Callback);
    }
}
