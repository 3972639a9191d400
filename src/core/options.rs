//! The `Client` options: read by serde into [`ClientOptions`], then checked once by
//! [`ClientOptions::validate`] in the constructor, before any request.

use super::error::{Error, Result};
use super::js::{HeaderMap, InvalidRecordsArg, JsFunction};
use super::option_errors::{show, subject};
use super::value::{self, Value};
use serde::Deserialize;
use std::fmt;
use tsify::Tsify;

/// What a message calls the client's options object.
pub const CLIENT: &str = "Client options";

/// The options of `new Client(...)`, as the caller wrote them.
#[derive(Clone, Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientOptions<'a> {
    /// Requests go to `${baseUrl}/api?cmd=...` (http or https, no credentials in it).
    #[tsify(type = "string")]
    pub base_url: Option<&'a str>,
    /// Sent as both `appId` and `applicationId`.
    #[tsify(type = "string")]
    pub application_id: Option<&'a str>,
    /// Sent as the `username` header.
    #[tsify(optional)]
    pub username: Option<&'a str>,
    /// Sent as the `password` header; never shown in an error or a log event.
    #[tsify(optional)]
    pub password: Option<&'a str>,
    /// Sent as the `companyId` header.
    #[tsify(optional)]
    pub company_id: Option<&'a str>,
    /// Sent as the `siteId` header.
    #[tsify(optional)]
    pub site_id: Option<&'a str>,
    /// Sent as the `namespace` header.
    #[tsify(optional)]
    pub namespace: Option<&'a str>,
    /// Sent as the `languageId` header.
    #[tsify(optional, type = "\"IT\" | \"EN\"")]
    pub language_id: Option<&'a str>,
    /// Sends the header `loadRoles: Y`.
    #[tsify(optional)]
    pub load_roles: Option<bool>,
    /// Per HTTP request, including reading the body (default 30000; 0 = none).
    #[tsify(optional, type = "number")]
    pub timeout_ms: Option<f64>,
    /// Retries of network errors, timeouts, 429 and 500/502/503/504 (default 3, at most 20).
    #[tsify(optional, type = "number")]
    pub max_retries: Option<f64>,
    /// Client-side throttle: at most `maxCalls` request starts in any `perMs` window; or a
    /// rate-limiter-flexible limiter shared with other processes (consumed before each
    /// attempt with the account's key; the package's JS hands it to the transport's gate).
    #[tsify(optional, type = "RateLimitOptions | SharedLimiter")]
    pub rate_limit: Option<RateLimitOptions>,
    /// Pages fetched ahead in parallel in complete extractions (default 1, at most 16).
    #[tsify(optional, type = "number")]
    pub concurrency: Option<f64>,
    /// Extra headers (e.g. for a proxy).
    #[tsify(optional, type = "Record<string, string | number> | Headers")]
    pub headers: Option<HeaderMap>,
    /// A fetch implementation to use instead of the global one; called as `fetch(request)`
    /// with each attempt's `Request`.
    #[tsify(
        optional,
        type = "(input: string | Request, init?: RequestInit) => Promise<Response>"
    )]
    pub fetch: Option<JsFunction>,
    /// Called after every attempt, for logging (a rejected promise is ignored).
    #[tsify(optional, type = "(event: RequestEvent) => void | Promise<void>")]
    pub on_request: Option<JsFunction>,
    /// "throw" (default): an invalid record fails the page. A function: it receives each
    /// invalid record and paging goes on.
    #[tsify(optional, type = "\"throw\" | ((record: InvalidRecord) => void)")]
    pub invalid_records: Option<InvalidRecordsArg>,
    /// Larger bodies fail with a "decode" error (default 33554432).
    #[tsify(optional, type = "number")]
    pub max_response_bytes: Option<f64>,
    /// A `Retry-After` longer than this is not waited for (default 120000).
    #[tsify(optional, type = "number")]
    pub max_retry_after_ms: Option<f64>,
}

/// The `rateLimit` client option.
#[derive(Clone, Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RateLimitOptions {
    /// Request starts allowed per window.
    #[tsify(type = "number")]
    pub max_calls: Option<f64>,
    /// The window, in milliseconds.
    #[tsify(type = "number")]
    pub per_ms: Option<f64>,
}

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
            "option `headers` of Client options holds an invalid header name {}",
            show(name)
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
            show(value)
        )))
    }
}

/// Checks `baseUrl`: http(s), a host, no credentials, no query or fragment. A URL with
/// credentials is refused without repeating it (it holds a password).
fn base_url(raw: &str) -> Result<String> {
    let after_scheme = raw.split_once("://").map_or(raw, |(_, rest)| rest);
    let authority = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err(Error::invalid_argument(
            "option `baseUrl` of Client options must not hold credentials (a name or password \
             before `@`): credentials in the URL are not allowed; pass them as `username` and `password`",
        ));
    }
    let rest = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"));
    let trimmed = raw.trim_end_matches('/');
    let host = rest.map(|r| r.split('/').next().unwrap_or(""));
    if !trimmed.bytes().all(|b| b.is_ascii_graphic()) && !trimmed.contains(' ') {
        // (Found by fuzzing: a non-ASCII host went into request URLs as it was.)
        return Err(Error::invalid_argument(format!(
            "option `baseUrl` of Client options must be ASCII: write an international host name \
             in its punycode form (xn--...) and percent-encode any other character, got {}",
            show(raw)
        )));
    }
    match host {
        Some(h) if !h.is_empty() && !trimmed.contains(['?', '#', ' ']) => Ok(trimmed.to_owned()),
        Some(_) => Err(Error::invalid_argument(format!(
            "option `baseUrl` of Client options must be an http(s) URL with a host and without \
             query or fragment (requests go to `${{baseUrl}}/api?cmd=...`), got {}",
            show(raw)
        ))),
        None => Err(Error::invalid_argument(format!(
            "option `baseUrl` of Client options must start with https:// or http://, got {}",
            show(raw)
        ))),
    }
}

fn header_option(name: &str, v: Option<&str>) -> Result<Option<String>> {
    match super::option_errors::text(CLIENT, name, v)? {
        Some(v) => {
            check_header_value(name, v)?;
            Ok(Some(v.to_owned()))
        }
        None => Ok(None),
    }
}

fn headers(map: &HeaderMap) -> Result<Vec<(String, String)>> {
    use super::js::Scalar;
    if map.0.len() > 100 {
        return Err(Error::invalid_argument(
            "option `headers` of Client options holds over 100 headers",
        ));
    }
    let mut out = Vec::new();
    for (k, v) in &map.0 {
        check_header_name(k)?;
        let path = format!("headers.{k}");
        let value = match v {
            Scalar::Text(s) if s.len() <= 8192 => s.clone(),
            Scalar::Number(n) if n.is_finite() => super::option_errors::format_number(*n),
            other => {
                let got = match other {
                    Scalar::Text(_) => "a longer string".to_owned(),
                    Scalar::Number(n) => super::option_errors::number(*n),
                    Scalar::Bool(b) => b.to_string(),
                    Scalar::Date(_) => "a Date".to_owned(),
                };
                return Err(Error::invalid_argument(format!(
                    "{} must be a string of at most 8192 characters, got {got}",
                    subject(CLIENT, &path)
                )));
            }
        };
        check_header_value(&path, &value)?;
        out.push((k.clone(), value));
    }
    Ok(out)
}

impl<'a> ClientOptions<'a> {
    /// Reads `new Client(options)` (without checking ranges yet).
    pub fn parse(v: &'a Value) -> Result<Self> {
        value::parse(CLIENT, v)
    }

    /// Checks every option and the options together.
    pub fn validate(&self) -> Result<ClientConfig> {
        use super::option_errors::{required, whole};
        let base_url = base_url(required(CLIENT, "baseUrl", self.base_url)?)?;
        let application_id = required(CLIENT, "applicationId", self.application_id)?.to_owned();
        check_header_value("applicationId", &application_id)?;
        let language_id = header_option("languageId", self.language_id)?;
        if let Some(l) = &language_id {
            check_language(l, "languageId")?;
        }
        let day = 24 * 3600 * 1000;
        let rate_limit = match &self.rate_limit {
            None => None,
            Some(r) => {
                let max_calls = whole(CLIENT, "rateLimit.maxCalls", r.max_calls, 1, 1_000_000)?;
                let per_ms = whole(CLIENT, "rateLimit.perMs", r.per_ms, 1, day)?;
                match (max_calls, per_ms) {
                    (Some(max_calls), Some(per_ms)) => Some(RateLimit { max_calls, per_ms }),
                    _ => {
                        return Err(Error::invalid_argument(
                            "option `rateLimit` of Client options needs both `maxCalls` and \
                             `perMs`, e.g. { maxCalls: 100, perMs: 60000 }",
                        ))
                    }
                }
            }
        };
        Ok(ClientConfig {
            base_url,
            application_id,
            username: header_option("username", self.username)?,
            password: header_option("password", self.password)?,
            company_id: header_option("companyId", self.company_id)?,
            site_id: header_option("siteId", self.site_id)?,
            namespace: header_option("namespace", self.namespace)?,
            language_id,
            load_roles: self.load_roles.unwrap_or(false),
            timeout_ms: whole(CLIENT, "timeoutMs", self.timeout_ms, 0, day)?
                .unwrap_or(DEFAULT_TIMEOUT_MS),
            max_retries: whole(CLIENT, "maxRetries", self.max_retries, 0, 20)?
                .unwrap_or(DEFAULT_MAX_RETRIES),
            rate_limit,
            concurrency: whole(CLIENT, "concurrency", self.concurrency, 1, MAX_CONCURRENCY)?
                .unwrap_or(1),
            headers: self
                .headers
                .as_ref()
                .map(headers)
                .transpose()?
                .unwrap_or_default(),
            custom_fetch: self.fetch.is_some(),
            on_request: self.on_request.is_some(),
            invalid_records: invalid_records(self.invalid_records.as_ref())
                .unwrap_or(InvalidRecords::Throw),
            max_response_bytes: whole(
                CLIENT,
                "maxResponseBytes",
                self.max_response_bytes,
                1024,
                1 << 31,
            )?
            .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            max_retry_after_ms: whole(CLIENT, "maxRetryAfterMs", self.max_retry_after_ms, 0, day)?
                .unwrap_or(DEFAULT_MAX_RETRY_AFTER_MS),
        })
    }

    /// Reads natively from JSON text (tests and fuzzing; JS-only values are marked as
    /// described in [`super::js`]).
    #[cfg(test)]
    pub fn from_json(json: &str) -> Result<ClientConfig> {
        ClientOptions::parse(&value::Read::json(json)?.value)?.validate()
    }
}

/// What `invalidRecords` asks for, if given.
pub fn invalid_records(v: Option<&InvalidRecordsArg>) -> Option<InvalidRecords> {
    v.map(|v| match v {
        InvalidRecordsArg::Throw => InvalidRecords::Throw,
        InvalidRecordsArg::Callback(_) => InvalidRecords::Callback,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn opts(extra: Value) -> String {
        let mut o = json!({
            "baseUrl": "https://acme.example/",
            "applicationId": "KEEPIT",
            "password": "s3cret-pw",
        });
        for (k, v) in extra.as_object().unwrap() {
            if v == &json!("<absent>") {
                o.as_object_mut().unwrap().remove(k);
            } else {
                o[k] = v.clone();
            }
        }
        o.to_string()
    }

    fn err(extra: Value) -> String {
        let e = ClientOptions::from_json(&opts(extra)).unwrap_err();
        assert_eq!(e.kind, crate::core::Kind::InvalidArgument);
        e.message
    }

    #[test]
    fn defaults() {
        let c = ClientOptions::from_json(&opts(json!({}))).unwrap();
        assert_eq!(c.base_url, "https://acme.example");
        assert_eq!(c.timeout_ms, DEFAULT_TIMEOUT_MS);
        assert_eq!(c.max_retries, 3);
        assert_eq!(c.concurrency, 1);
        assert_eq!(c.invalid_records, InvalidRecords::Throw);
        assert!(!c.load_roles);
    }

    #[test]
    fn bad_options_are_named() {
        let f = json!({ "fourws:js": "function", "value": true });
        let table: Vec<(Value, &str)> = vec![
            (json!({"baseUrl": "<absent>"}), "option `baseUrl` of Client options is required"),
            (json!({"baseUrl": "ftp://x"}), "must start with https://"),
            (json!({"baseUrl": "https://"}), "with a host"),
            (json!({"baseUrl": "https://x/?a=1"}), "without query"),
            (json!({"baseUrl": 1}), "`baseUrl` of Client options must be a string, got the number 1"),
            (json!({"applicationId": ""}), "`applicationId` of Client options must not be empty"),
            (json!({"timeoutMs": -1}), "`timeoutMs` of Client options must be a whole number from 0 to 86400000, got the number -1"),
            (json!({"timeoutMs": "100"}), "`timeoutMs` of Client options must be a number, got the string \"100\""),
            (json!({"maxRetries": 1.5}), "`maxRetries`"),
            (json!({"concurrency": 0}), "`concurrency`"),
            (json!({"languageId": "DE"}), "\"IT\" or \"EN\""),
            (json!({"rateLimit": 5}), "option `rateLimit` of Client options must be an object, got the number 5"),
            (json!({"rateLimit": []}), "option `rateLimit` of Client options must be an object, got an array"),
            (json!({"rateLimit": {"maxCalls": 5}}), "both `maxCalls` and `perMs`"),
            (json!({"rateLimit": {"maxCalls": 0, "perMs": 5}}), "option `rateLimit.maxCalls` of Client options must be a whole number"),
            (json!({"rateLimit": {"maxCalls": "5", "perMs": 5}}), "option `rateLimit.maxCalls` of Client options must be a number, got the string \"5\""),
            (json!({"rateLimit": {"maxCals": 5, "perMs": 5}}), "unknown option `maxCals` in option `rateLimit` of Client options (did you mean `maxCalls`?"),
            (json!({"fetch": "fetch"}), "option `fetch` of Client options must be a function, got the string \"fetch\""),
            (json!({"onRequest": true}), "option `onRequest` of Client options must be a function, got true"),
            (json!({"onRequest": {}}), "option `onRequest` of Client options must be a function, got an object"),
            (json!({"headers": "x"}), "`headers`"),
            (json!({"headers": {"bad name": "1"}}), "invalid header name"),
            (json!({"headers": {"x": "a\r\nb"}}), "line break"),
            (json!({"headers": {"x-a": {}}}), "option `headers.x-a` of Client options must be a string or a number, got an object"),
            (json!({"headers": {"x-a": true}}), "option `headers.x-a` of Client options must be a string of at most 8192 characters, got true"),
            (json!({"username": "Zoë\u{263a}"}), "Latin-1"),
            (json!({"username": {"fourws:js": "a symbol"}}), "option `username` of Client options must be a string, got a symbol"),
            (json!({"invalidRecords": "skip"}), "option `invalidRecords` of Client options must be \"throw\" or a function that receives each invalid record, got the string \"skip\""),
            (json!({"invalidRecords": {"fourws:js": "AbortSignal", "value": 1}}), "got an AbortSignal"),
            (json!({"signal": f}), "unknown option `signal` in Client options"),
            (json!({"completeExtration": true}), "unknown option `completeExtration` in Client options"),
        ];
        for (extra, want) in table {
            let msg = err(extra.clone());
            assert!(msg.contains(want), "{extra}: {msg}");
            assert!(!msg.contains("s3cret-pw"));
        }
        for top in ["null", "\"x\"", "[]", "42", "{\"fourws:js\": \"a Map\"}"] {
            let e = ClientOptions::from_json(top).unwrap_err();
            assert!(
                e.message
                    .starts_with("Client options must be an object, got"),
                "{top}: {}",
                e.message
            );
        }
        let e = ClientOptions::from_json("{\"fourws:js\": \"a Map\"}").unwrap_err();
        assert!(e.message.contains("got a Map"), "{}", e.message);
        let e = ClientOptions::from_json("null").unwrap_err();
        assert!(e.message.contains("got null"), "{}", e.message);
    }

    #[test]
    fn a_base_url_that_is_not_ascii_is_refused() {
        for raw in [
            "https://a\u{45a}xample",
            "https://acme.example/\u{e8}",
            "https://a\u{7f}b",
        ] {
            let e = base_url(raw).unwrap_err();
            assert!(e.message.contains("must be ASCII"), "{}", e.message);
        }
        assert!(base_url("https://xn--xample-9uf.example/prefix").is_ok());
    }

    #[test]
    fn credentials_in_the_base_url_are_refused_without_repeating_them() {
        for url in [
            "https://user:secret@host",
            "https://user:secret@host/prefix?x=1",
            "ftp://user:secret@host",
            "user:secret@host",
            "https://secret@host",
        ] {
            let e = err(json!({ "baseUrl": url }));
            assert!(
                e.contains("`baseUrl`") && e.contains("credentials"),
                "{url}: {e}"
            );
            assert!(!e.contains("secret") && !e.contains("user:"), "{url}: {e}");
        }
    }

    #[test]
    fn debug_never_shows_the_password() {
        let c = ClientOptions::from_json(&opts(json!({}))).unwrap();
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("s3cret-pw"), "{dbg}");
        assert!(dbg.contains("<redacted>"));
    }

    #[test]
    fn accepted_forms() {
        let f = json!({ "fourws:js": "function", "value": true });
        let c = ClientOptions::from_json(&opts(json!({
            "baseUrl": "http://127.0.0.1:8080/prefix",
            "rateLimit": { "maxCalls": 100, "perMs": 60000 },
            "headers": { "x-extra": "1", "x-n": 2, "x-skip": null },
            "languageId": "EN",
            "loadRoles": true,
            "fetch": f,
            "onRequest": f,
            "invalidRecords": f,
            "timeoutMs": 0,
            "username": null,
        })))
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
        assert!(c.custom_fetch && c.on_request && c.load_roles);
        assert_eq!(c.invalid_records, InvalidRecords::Callback);
        assert_eq!(c.username, None);
    }
}
