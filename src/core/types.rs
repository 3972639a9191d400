//! The values fourws hands to JavaScript (page metadata, the `onRequest` event, the
//! invalid-record report), as Rust types whose TypeScript declarations are generated
//! with tsify, and the generator of the package's `index.d.ts` type section.

use super::error::Kind;
use serde::Serialize;
use tsify::Tsify;

/// One page.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Page<T, S> {
    /// The validated, normalised records of this page.
    pub items: Vec<T>,
    /// The offset this page was requested with (null in an incremental export).
    #[tsify(type = "number | null")]
    pub start: Option<u64>,
    /// The offset of the next page, or null when there is none: pass it as `start` to resume.
    #[tsify(type = "number | null")]
    pub next_start: Option<u64>,
    /// `moreRows`, as the server said (or as the page implies when it left it out).
    pub more_rows: bool,
    /// The number of elements of the whole extraction, or null where unknown.
    #[tsify(type = "number | null")]
    pub total: Option<u64>,
    /// The number of elements the server counted on this page (for prices: price rows),
    /// valid and invalid alike; `start + elementCount` is where the next page starts.
    pub element_count: u64,
    /// Endpoint-level fields outside `valueObjectList`.
    #[tsify(type = "S | null")]
    pub summary: Option<S>,
    /// Records of this page that failed validation (only with an `invalidRecords` callback).
    #[tsify(type = "Omit<InvalidRecord, \"start\">[]")]
    pub invalid: Vec<InvalidRecord>,
}

/// A record that failed validation, handed to `invalidRecords`.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct InvalidRecord {
    /// Its index in the page's `valueObjectList`.
    pub index: u64,
    /// The JSON path of the offending value, e.g. `valueObjectList[3].subject.birthday`.
    pub path: String,
    /// Why it was refused.
    pub message: String,
    /// The record exactly as the server sent it.
    #[tsify(type = "unknown")]
    pub record: (),
    /// The offset of its page.
    #[tsify(type = "number | null")]
    pub start: Option<u64>,
}

/// What `onRequest` receives after every attempt (never credentials).
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RequestEvent {
    /// The 4WS command.
    pub cmd: String,
    /// The HTTP method.
    #[tsify(type = "\"GET\" | \"POST\"")]
    pub method: String,
    /// The request URL (credentials travel in headers, never in the URL).
    pub url: String,
    /// The page offset sent, if any.
    #[tsify(type = "number | null")]
    pub start: Option<u64>,
    /// 1 for the first attempt, 2 for the first retry, ...
    pub attempt: u64,
    /// The HTTP status, if an answer came.
    #[tsify(type = "number | null")]
    pub status: Option<u16>,
    /// How long the attempt took.
    pub duration_ms: f64,
    /// The bytes of a successful answer.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// What went wrong, if anything.
    #[tsify(type = "FourWsErrorKind | null")]
    pub error_kind: Option<Kind>,
    /// The error's message (password masked), if anything went wrong.
    #[tsify(optional, type = "string | null")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Set when the client will retry after this many milliseconds.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_in_ms: Option<f64>,
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
        AllOptions, ExportOptions, GenericOptions, HttpMethod, LastDigitalOrdersOptions,
        LoyaltyVouchersOptions, PageOptions, RequestOptions,
    };
    use super::options::{ClientOptions, Language, RateLimitOptions};
    let decls = [
        Kind::DECL,
        Language::DECL,
        HttpMethod::DECL,
        ClientOptions::DECL,
        RateLimitOptions::DECL,
        PageOptions::DECL,
        ExportOptions::DECL,
        LoyaltyVouchersOptions::DECL,
        LastDigitalOrdersOptions::DECL,
        GenericOptions::DECL,
        RequestOptions::DECL,
        AllOptions::DECL,
        crate::core::checkpoint::Checkpoint::DECL,
        Page::<(), ()>::DECL,
        InvalidRecord::DECL,
        RequestEvent::DECL,
    ];
    let mut out = String::from(BEGIN);
    out.push('\n');
    for d in decls {
        // tsify cannot give a type parameter a default: a page's `summary` is an object
        // of the answer's other fields unless the endpoint declares its own.
        let d = d.replace(
            "export interface Page<T, S> {",
            "export interface Page<T, S = Record<string, unknown>> {",
        );
        out.push_str(&d);
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
    let a = index_d_ts.find(BEGIN)?;
    let b = index_d_ts[a..].find(END)? + a + END.len();
    Some(format!(
        "{}{}{}",
        &index_d_ts[..a],
        typescript(),
        &index_d_ts[b..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The package ships `pkg-template/index.d.ts`; its option, page, event and error-kind
    /// types must be what the Rust types say.
    #[test]
    fn shipped_typescript_matches_the_rust_types() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-template/index.d.ts");
        let have = std::fs::read_to_string(path).unwrap_or_default();
        let want = regenerate(&have).expect("index.d.ts has the generated section's markers");
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        assert!(
            have == want,
            "pkg-template/index.d.ts is out of date: run `UPDATE_GOLDEN=1 cargo test`"
        );
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

    #[test]
    fn page_json_has_the_fields_of_page() {
        use crate::core::decode::Decoded;
        use crate::core::pagination::PageInfo;
        let page = Page::<(), ()> {
            items: vec![],
            start: None,
            next_start: None,
            more_rows: false,
            total: None,
            element_count: 0,
            summary: None,
            invalid: vec![],
        };
        let keys = |v: serde_json::Value| -> Vec<String> {
            v.as_object().unwrap().keys().cloned().collect()
        };
        let want = keys(serde_json::to_value(&page).unwrap());
        let info = PageInfo {
            start: None,
            next_start: None,
            more_rows: false,
            total: None,
        };
        let json = crate::core::page::page_json(
            &Decoded {
                items: "[]".into(),
                ..Decoded::default()
            },
            &info,
            &crate::core::secret::Secret::default(),
        );
        assert_eq!(keys(serde_json::from_str(&json).unwrap()), want);
    }
}
