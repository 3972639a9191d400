//! The values fourws hands to JavaScript (page metadata, the `onRequest` event, the
//! invalid-record report), as Rust types whose TypeScript declarations are generated
//! with tsify, and the generator of the package's `index.d.ts` type section.

use super::call::HttpMethod;
use super::error::Kind;
// Named as TypeScript knows it (tsify writes a field's type by its Rust name).
use super::error::Kind as FourWsErrorKind;
// The fields a `FourWsError` is built from, named as TypeScript knows the class: the
// package's JavaScript turns them into one (`page.stale.error`).
use super::error::Error as FourWsError;
use serde::Serialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use tsify::Tsify;

/// One page.
// Rust serialises it with `T` and `S` = `Written` (`crate::core::json::written`): the
// records (one JSON array) and the summary cross as the JSON text the decoder wrote,
// copied, never re-parsed.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null, type_params = "T, S = Record<string, unknown>")]
pub struct Page<'a, T: ?Sized, S: ?Sized> {
    /// The validated, normalised records of this page.
    // Rust holds the whole list as one JSON text (`T` = `Written`); TypeScript's `T` is
    // one record, and no Rust type is "a JSON array of T" without building the T values.
    #[tsify(type = "T[]")]
    pub items: &'a T,
    /// The offset this page was requested with (null in an incremental export).
    pub start: Option<u64>,
    /// The offset of the next page, or null when there is none: pass it as `start` to resume.
    pub next_start: Option<u64>,
    /// `moreRows`, as the server said (or as the page implies when it left it out).
    pub more_rows: bool,
    /// The number of elements of the whole extraction, or null where unknown.
    pub total: Option<u64>,
    /// The number of elements the server counted on this page (for prices: price rows),
    /// valid and invalid alike; `start + elementCount` is where the next page starts.
    pub element_count: u64,
    /// Endpoint-level fields outside `valueObjectList`.
    pub summary: Option<&'a S>,
    /// Records of this page that failed validation (only with an `invalidRecords` callback).
    pub invalid: Vec<InvalidRecord<'a>>,
    /// null for a page fetched live; for a page answered from the cache (`cache` option)
    /// because 4WS could not be reached: when it was stored, its age and the error.
    pub stale: Option<Stale<'a>>,
}

/// How old a page answered from the cache is, and why the live lookup failed.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Stale<'a> {
    /// When the page was fetched and stored (ISO 8601).
    pub stored_at: String,
    /// Its age when it was delivered, in milliseconds.
    pub age_ms: u64,
    /// Why the page could not be fetched live.
    // Serialised as the error's fields (password masked), which the package's JavaScript
    // makes a `FourWsError` of before the page is handed over.
    pub error: &'a FourWsError,
}

/// A record that failed validation, handed to `invalidRecords`.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct InvalidRecord<'a> {
    /// Its index in the page's `valueObjectList`.
    pub index: u64,
    /// The JSON path of the offending value, e.g. `valueObjectList[3].subject.birthday`.
    pub path: &'a str,
    /// Why it was refused.
    pub message: Cow<'a, str>,
    /// The record exactly as the server sent it.
    // Any JSON value, kept as its text (`RawValue`): TypeScript can only say `unknown`.
    #[tsify(type = "unknown")]
    pub record: &'a RawValue,
    /// The offset of its page.
    pub start: Option<u64>,
}

/// What `onRequest` receives after every attempt (never credentials).
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct RequestEvent {
    /// The 4WS command.
    pub cmd: String,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The request URL (credentials travel in headers, never in the URL).
    pub url: String,
    /// The page offset sent, if any.
    pub start: Option<u64>,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub attempt: u64,
    /// The HTTP status, if an answer came.
    pub status: Option<u16>,
    /// How long the attempt took.
    pub duration_ms: f64,
    /// The bytes of a successful answer.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// What went wrong, if anything.
    pub error_kind: Option<FourWsErrorKind>,
    /// The error's message (password masked), if anything went wrong.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Set when the client will retry after this many milliseconds.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_in_ms: Option<f64>,
    /// Set when the event reports a failing cache store rather than an HTTP attempt
    /// (`attempt` is then 0 and `error` says what failed): the store operation.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_op: Option<CacheOp>,
}

/// A cache store operation (`cache.store`'s functions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum CacheOp {
    /// `get(key)`.
    Get,
    /// `set(key, value)`.
    Set,
    /// `delete(key)`.
    Delete,
}

impl CacheOp {
    /// The function's name.
    pub fn as_str(self) -> &'static str {
        match self {
            CacheOp::Get => "get",
            CacheOp::Set => "set",
            CacheOp::Delete => "delete",
        }
    }
}

/// Every error kind, in the contract's order.
pub const KINDS: [Kind; 10] = [
    Kind::InvalidArgument,
    Kind::Network,
    Kind::Timeout,
    Kind::Aborted,
    Kind::Http,
    Kind::RateLimited,
    Kind::Api,
    Kind::Decode,
    Kind::Validation,
    Kind::Pagination,
];

/// The generated section of `index.d.ts`: every option, page, event and error-kind type.
pub fn typescript() -> String {
    use super::call::{
        AllOptions, ExportOptions, GenericOptions, LastDigitalOrdersOptions,
        LoyaltyVouchersOptions, PageOptions, RequestOptions,
    };
    use super::options::{CacheOptions, ClientOptions, Language, RateLimitOptions};
    let decls = [
        Kind::DECL,
        super::error::Error::DECL,
        Language::DECL,
        HttpMethod::DECL,
        ClientOptions::DECL,
        RateLimitOptions::DECL,
        CacheOptions::DECL,
        PageOptions::DECL,
        ExportOptions::DECL,
        LoyaltyVouchersOptions::DECL,
        LastDigitalOrdersOptions::DECL,
        GenericOptions::DECL,
        RequestOptions::DECL,
        AllOptions::DECL,
        super::js::InvalidRecordsArg::DECL,
        super::js::JsonArg::DECL,
        super::js::RequestQuery::DECL,
        super::js::DateArg::DECL,
        crate::core::checkpoint::Checkpoint::DECL,
        Page::<RawValue, RawValue>::DECL,
        Stale::DECL,
        InvalidRecord::DECL,
        RequestEvent::DECL,
        CacheOp::DECL,
    ];
    section(BEGIN, &decls)
}

/// A generated section: the line `begin`, each declaration followed by a blank line, and
/// [`END`].
pub fn section(begin: &str, decls: &[&str]) -> String {
    let mut out = String::from(begin);
    out.push('\n');
    for d in decls {
        out.push_str(d);
        out.push_str("\n\n");
    }
    out.push_str(END);
    out
}

/// The line that opens the generated section of `pkg-template/index.d.ts`.
pub const BEGIN: &str =
    "// ---- Generated from the Rust types (src/core/types.rs) by `UPDATE_GOLDEN=1 cargo test`; do not edit. ----";
/// The line that closes it.
pub const END: &str = "// ---- End of the generated types. ----";

/// `index.d.ts` with its generated section replaced by [`typescript`], or `None` if the
/// file has no such section.
pub fn regenerate(index_d_ts: &str) -> Option<String> {
    splice(index_d_ts, BEGIN, END, &typescript())
}

/// `file` with the section from the line `begin` to the line `end` replaced by `section`
/// (which holds both lines), or `None` if the file has no such section.
pub fn splice(file: &str, begin: &str, end: &str, section: &str) -> Option<String> {
    let a = file.find(begin)?;
    let b = file[a..].find(end)? + a + end.len();
    Some(format!("{}{}{}", &file[..a], section, &file[b..]))
}

/// Checks that `pkg-template/<name>` is what `regenerate` makes of it (with
/// `UPDATE_GOLDEN` set, rewrites it first); for the stale tests of the shipped `.d.ts`.
#[cfg(test)]
pub fn check_shipped(name: &str, regenerate: fn(&str) -> Option<String>) {
    let path = format!("{}/pkg-template/{name}", env!("CARGO_MANIFEST_DIR"));
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    let want =
        regenerate(&have).unwrap_or_else(|| panic!("{name} has no generated section's markers"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    assert!(
        have == want,
        "pkg-template/{name} is out of date: run `UPDATE_GOLDEN=1 cargo test`"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The package ships `pkg-template/index.d.ts`; its option, page, event and error-kind
    /// types must be what the Rust types say.
    #[test]
    fn shipped_typescript_matches_the_rust_types() {
        check_shipped("index.d.ts", regenerate);
    }

    #[test]
    fn every_kind_is_listed_once_and_serialises_to_its_contract_name() {
        for (i, k) in KINDS.iter().enumerate() {
            assert!(!KINDS[..i].contains(k));
            let tag = format!("\"{}\"", k.as_str());
            assert_eq!(serde_json::to_string(k).unwrap(), tag);
            assert!(Kind::DECL.contains(&tag));
        }
        assert_eq!(Kind::DECL.matches('|').count(), KINDS.len() - 1);
    }
}
