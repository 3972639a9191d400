//! The `Client` options.
//!
//! How options are read (this module, [`super::call`] and [`super::js`]): each options
//! object is one `#[derive(Deserialize, Tsify)]` struct, read by
//! [`super::option_errors::read`] straight from the caller's object (serde-wasm-bindgen
//! in wasm, JSON natively), with `serde_path_to_error` naming the path of any bad value.
//! A rule that concerns one value is checked while it is read: a bounded number is
//! `#[serde(default, deserialize_with = "whole::<MIN, MAX>")] Option<u64>`, a fixed
//! choice is an enum ([`Language`]), a JS-only value is a [`super::js`] type. What
//! concerns several options (or needs more than the type, such as a URL's shape) is in
//! `validate()`. To add an option: add the field (an optional one with
//! `#[serde(default)]`, which also makes its TypeScript `name?: T | null`), give it a doc
//! comment (it becomes the TypeScript doc), carry it into [`ClientConfig`] in
//! `validate()`, and run `UPDATE_GOLDEN=1 cargo test` to regenerate `index.d.ts`.

use super::cache::CacheConfig;
use super::error::{Error, Result};
use super::js::{
    required_whole, strict_option, whole, HeaderMap, InvalidRecordsArg, JsFunction, JsStore,
};
use super::option_errors::{show, subject};
use serde::{Deserialize, Serialize};
use std::fmt;
use tsify::Tsify;

/// What a message calls the client's options object.
pub const CLIENT: &str = "Client options";

/// A day in milliseconds: the longest time option.
const DAY: u64 = 24 * 3600 * 1000;
/// The largest `cache.maxStaleMs` (2^53, the largest exact JS integer).
const MAX_STALE_MS: u64 = 1 << 53;

/// The options of `new Client(...)`, as the caller wrote them.
#[derive(Clone, Debug, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[tsify(missing_as_null)]
pub struct ClientOptions {
    /// Requests go to `${baseUrl}/api?cmd=...` (http or https, no credentials in it).
    pub base_url: String,
    /// Sent as both `appId` and `applicationId`.
    pub application_id: String,
    /// Sent as the `username` header.
    #[serde(default)]
    pub username: Option<String>,
    /// Sent as the `password` header; never shown in an error or a log event.
    #[serde(default)]
    pub password: Option<String>,
    /// Sent as the `companyId` header.
    #[serde(default)]
    pub company_id: Option<String>,
    /// Sent as the `siteId` header.
    #[serde(default)]
    pub site_id: Option<String>,
    /// Sent as the `namespace` header.
    #[serde(default)]
    pub namespace: Option<String>,
    /// Sent as the `languageId` header.
    #[serde(default)]
    pub language_id: Option<Language>,
    /// Sends the header `loadRoles: Y`.
    #[serde(default)]
    pub load_roles: Option<bool>,
    /// Per HTTP request, including reading the body (default 30000; 0 = none).
    #[serde(default, deserialize_with = "whole::<_, 0, DAY>")]
    pub timeout_ms: Option<u64>,
    /// Retries of network errors, timeouts, 429 and 500/502/503/504 (default 3, at most 20).
    #[serde(default, deserialize_with = "whole::<_, 0, 20>")]
    pub max_retries: Option<u64>,
    /// Client-side throttle: at most `maxCalls` request starts in any `perMs` window; or a
    /// rate-limiter-flexible limiter shared with other processes (consumed before each
    /// attempt with the account's key; the package's JS hands it to the transport's gate,
    /// so the core never reads it; the type is said here because Rust cannot say it).
    #[serde(default, deserialize_with = "strict_option")]
    #[tsify(type = "RateLimitOptions | SharedLimiter | null")]
    pub rate_limit: Option<RateLimitOptions>,
    /// Pages fetched ahead in parallel in complete extractions (default 1, at most 16).
    #[serde(default, deserialize_with = "whole::<_, 1, MAX_CONCURRENCY>")]
    pub concurrency: Option<u64>,
    /// Extra headers (e.g. for a proxy); `null` and `undefined` values are left out.
    // A JS object or a `Headers`, read by the map visitor of `HeaderMap`.
    #[serde(default)]
    #[tsify(type = "Record<string, string | number | null | undefined> | Headers | null")]
    pub headers: Option<HeaderMap>,
    /// A fetch implementation to use instead of the global one; called as `fetch(request)`
    /// with each attempt's `Request`.
    // A JS function: kept as the caller's value, it has no Rust type to declare.
    #[serde(default)]
    #[tsify(type = "((request: Request) => Promise<Response>) | null")]
    pub fetch: Option<JsFunction>,
    /// Called after every attempt, for logging (a rejected promise is ignored).
    // A JS function, as `fetch`.
    #[serde(default)]
    #[tsify(type = "((event: RequestEvent) => void | Promise<void>) | null")]
    pub on_request: Option<JsFunction>,
    /// "throw" (default): an invalid record fails the page. A function: it receives each
    /// invalid record and paging goes on.
    #[serde(default)]
    pub invalid_records: Option<InvalidRecordsArg>,
    /// Larger bodies fail with a "decode" error (default 33554432).
    #[serde(default, deserialize_with = "whole::<_, 1024, 2147483648>")]
    pub max_response_bytes: Option<u64>,
    /// A `Retry-After` longer than this is not waited for (default 120000).
    #[serde(default, deserialize_with = "whole::<_, 0, DAY>")]
    pub max_retry_after_ms: Option<u64>,
    /// Stale-if-error lookups: when 4WS cannot be reached, a GET lookup is answered with
    /// the page stored when it last succeeded (marked `stale`).
    #[serde(default, deserialize_with = "strict_option")]
    pub cache: Option<CacheOptions>,
}

/// The `cache` client option.
#[derive(Clone, Debug, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[tsify(missing_as_null)]
pub struct CacheOptions {
    /// The oldest stored page that may answer a failed lookup, in milliseconds (required).
    #[serde(deserialize_with = "required_whole::<_, 1, MAX_STALE_MS>")]
    pub max_stale_ms: u64,
    /// Where pages are kept: any object with `get`, `set` and `delete` (sync or async,
    /// e.g. a Keyv instance, or `idbStore()` from "fourws/idb"); in memory by default.
    #[serde(default)]
    #[tsify(type = "CacheStore | null")]
    pub store: Option<JsStore>,
}

/// The `rateLimit` client option (both are required).
#[derive(Clone, Debug, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[tsify(missing_as_null)]
pub struct RateLimitOptions {
    /// Request starts allowed per window (1 to 1000000).
    #[serde(deserialize_with = "required_whole::<_, 1, 1000000>")]
    pub max_calls: u64,
    /// The window, in milliseconds (1 to 86400000).
    #[serde(deserialize_with = "required_whole::<_, 1, DAY>")]
    pub per_ms: u64,
}

/// A `languageId`: the languages 4WS answers in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
pub enum Language {
    /// Italian.
    IT,
    /// English.
    EN,
}

impl Language {
    /// As sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::IT => "IT",
            Language::EN => "EN",
        }
    }
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
    /// Stale-if-error lookups, if asked for.
    pub cache: Option<CacheConfig>,
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

impl ClientOptions {
    /// Checks the options together and builds the client's configuration.
    pub fn validate(&self) -> Result<ClientConfig> {
        use super::option_errors::required;
        let base_url = base_url(required(CLIENT, "baseUrl", Some(&self.base_url))?)?;
        let application_id =
            required(CLIENT, "applicationId", Some(&self.application_id))?.to_owned();
        check_header_value("applicationId", &application_id)?;
        let rate_limit = self.rate_limit.as_ref().map(|r| RateLimit {
            max_calls: r.max_calls,
            per_ms: r.per_ms,
        });
        Ok(ClientConfig {
            base_url,
            application_id,
            username: header_option("username", self.username.as_deref())?,
            password: header_option("password", self.password.as_deref())?,
            company_id: header_option("companyId", self.company_id.as_deref())?,
            site_id: header_option("siteId", self.site_id.as_deref())?,
            namespace: header_option("namespace", self.namespace.as_deref())?,
            language_id: self.language_id.map(|l| l.as_str().to_owned()),
            load_roles: self.load_roles.unwrap_or(false),
            timeout_ms: self.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS),
            max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            rate_limit,
            concurrency: self.concurrency.unwrap_or(1),
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
            max_response_bytes: self
                .max_response_bytes
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            max_retry_after_ms: self
                .max_retry_after_ms
                .unwrap_or(DEFAULT_MAX_RETRY_AFTER_MS),
            cache: self.cache.as_ref().map(|c| CacheConfig {
                max_stale_ms: c.max_stale_ms,
            }),
        })
    }

    /// Reads natively from JSON text (tests and fuzzing; JS-only values are the markers of
    /// [`super::js::native`], read only
    /// natively; in wasm, such values come from JS values only).
    pub fn from_json(json: &str) -> Result<ClientConfig> {
        super::option_errors::read_json::<ClientOptions>(CLIENT, json)?.validate()
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
    fn the_cache_option() {
        let c = ClientOptions::from_json(&opts(json!({
            "cache": { "maxStaleMs": 43_200_000, "store": { "fourws:js": "store" } },
        })))
        .unwrap();
        assert_eq!(
            c.cache,
            Some(CacheConfig {
                max_stale_ms: 43_200_000
            })
        );
        let c = ClientOptions::from_json(&opts(json!({ "cache": { "maxStaleMs": 1 } }))).unwrap();
        assert_eq!(c.cache.map(|c| c.max_stale_ms), Some(1));
        assert_eq!(
            ClientOptions::from_json(&opts(json!({}))).unwrap().cache,
            None
        );
        for (cache, want) in [
            (
                json!({}),
                "option `cache.maxStaleMs` of Client options is required",
            ),
            (json!({ "maxStaleMs": 0 }), "must be a whole number from 1"),
            (json!({ "maxStaleMs": "1h" }), "must be a number"),
            (
                json!({ "maxStaleMs": 1, "store": 5 }),
                "option `cache.store`",
            ),
            (
                json!({ "maxStaleMs": 1, "maxAge": 5 }),
                "unknown option `maxAge`",
            ),
            (
                json!(5),
                "option `cache` of Client options must be an object",
            ),
        ] {
            let m = err(json!({ "cache": cache }));
            assert!(m.contains(want), "{cache}: {m}");
            assert!(!m.contains("s3cret-pw"), "{m}");
        }
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
        let f = json!({ "fourws:js": "function" });
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
            (json!({"rateLimit": {"maxCalls": 5}}), "option `rateLimit.perMs` of Client options is required"),
            (json!({"rateLimit": {"maxCalls": 5, "perMs": null}}), "option `rateLimit.perMs` of Client options must be a number, got null"),
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
            (json!({"username": {"a": 1}}), "option `username` of Client options must be a string, got an object"),
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
        for top in ["null", "\"x\"", "[]", "42"] {
            let e = ClientOptions::from_json(top).unwrap_err();
            assert!(
                e.message
                    .starts_with("Client options must be an object, got"),
                "{top}: {}",
                e.message
            );
        }
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
        let f = json!({ "fourws:js": "function" });
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
