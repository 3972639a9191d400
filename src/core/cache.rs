//! Stale-if-error lookups (the `cache` client option), without I/O: which calls are
//! cached, the key of a stored page, which failures a stored page may answer, the stored
//! entry (its shape, the age check against `maxStaleMs`), the `stale` field of a page served
//! from it, and the default store, in memory and bounded. The wasm layer only performs the
//! store's `get`/`set`/`delete`.
//!
//! Neither a key nor an entry ever holds the password, in any of the forms [`Secret`]
//! knows: a call whose key or page would hold one is neither stored nor answered from the
//! store.

use super::call::Call;
use super::charset;
use super::datetime::format_gmt;
use super::endpoint::{Family, Method};
use super::error::{Error, Kind};
use super::json::write;
use super::options::ClientConfig;
use super::secret::Secret;
use super::types::Stale;
use serde::Deserialize;
use std::collections::VecDeque;

/// What every key starts with (the version of the key and entry format).
pub const KEY_PREFIX: &str = "fourws:v1:";
/// How long a store's `get`, `set` or `delete` may take before the client goes on without
/// it (a store that hangs must not hold a lookup).
pub const STORE_TIMEOUT_MS: u64 = 5_000;
/// The most pages the default in-memory store keeps.
pub const MEMORY_MAX_ENTRIES: usize = 1_000;
/// The most bytes of entries the default in-memory store keeps.
pub const MEMORY_MAX_BYTES: usize = 32 * 1024 * 1024;

/// The `cache` option, validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheConfig {
    /// The oldest stored page that may answer a failed lookup, in milliseconds.
    pub max_stale_ms: u64,
}

/// Whether pages of `call` are cached: the GET lookups (`loyaltyVouchers`,
/// `lastDigitalOrders`, `paginate` with GET). Exports never are: they must be exact.
pub fn is_cacheable(call: &Call) -> bool {
    call.method == Method::Get
        && !call.incremental
        && matches!(
            call.endpoint.family,
            Family::Vouchers | Family::DigitalOrders | Family::Generic
        )
}

/// Whether a lookup that failed with `e` (after the retries) may be answered from the
/// store: the server or the way to it is unavailable (`network`, `timeout`,
/// `rateLimited`, `http` 500 or more). What the server refused or sent wrong never is.
pub fn may_answer(e: &Error) -> bool {
    match e.kind {
        Kind::Network | Kind::Timeout | Kind::RateLimited => true,
        Kind::Http => e.status.is_some_and(|s| s >= 500),
        Kind::InvalidArgument
        | Kind::Aborted
        | Kind::Api
        | Kind::Decode
        | Kind::Validation
        | Kind::Pagination => false,
    }
}

fn holds_secret(text: &str, secret: &Secret) -> bool {
    secret.forms().iter().any(|f| text.contains(f.as_str()))
}

/// The key of the page of `call` at `start`: the account (baseUrl, applicationId,
/// companyId, siteId, username), the command, its query parameters (`limit` included) and
/// `start`; never a credential. `None` when the call is not cached, or when the key would
/// hold the password (e.g. a card barcode equal to it).
pub fn key(config: &ClientConfig, call: &Call, start: u64, secret: &Secret) -> Option<String> {
    if !is_cacheable(call) {
        return None;
    }
    let mut out = String::with_capacity(160);
    out.push_str(KEY_PREFIX);
    out.push('[');
    let parts = [
        Some(config.base_url.as_str()),
        Some(config.application_id.as_str()),
        config.company_id.as_deref(),
        config.site_id.as_deref(),
        config.username.as_deref(),
        Some(call.cmd.as_str()),
    ];
    for part in parts {
        match part {
            Some(p) => write::string(&mut out, p),
            None => out.push_str("null"),
        }
        out.push(',');
    }
    out.push('[');
    let limit = call.page_size.map(|l| l.to_string());
    let query = call
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .chain(limit.as_deref().map(|l| ("limit", l)));
    for (i, (k, v)) in query.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        write::string(&mut out, k);
        out.push(',');
        write::string(&mut out, v);
        out.push(']');
    }
    out.push_str(&format!("],{start}]"));
    (!holds_secret(&out, secret)).then_some(out)
}

/// The entry to store for a page fetched live at `stored_at_ms` (epoch milliseconds):
/// `{"v":1,"storedAt":<ms>,"body":"<the body as UTF-8 text>"}`. `body_utf8` is the body
/// after charset handling. `None` when the body holds the password in any form: such a
/// page is not stored.
pub fn entry(body_utf8: &str, stored_at_ms: f64, secret: &Secret) -> Option<String> {
    if holds_secret(body_utf8, secret) || !stored_at_ms.is_finite() {
        return None;
    }
    let mut out = String::with_capacity(body_utf8.len() + 48);
    // Whole milliseconds, written as an integer (no float formatting in the wasm).
    out.push_str("{\"v\":1,\"storedAt\":");
    out.push_str(&(stored_at_ms.floor() as i64).to_string());
    out.push_str(",\"body\":");
    write::string(&mut out, body_utf8);
    out.push('}');
    Some(out)
}

/// The entry for the body of a page fetched live (after its charset is read): see
/// [`entry`]. `None` when the body is not UTF-8 text once its declared charset is read,
/// or holds the password.
pub fn entry_of(
    body: &[u8],
    content_type: Option<&str>,
    stored_at_ms: f64,
    secret: &Secret,
) -> Option<String> {
    let utf8 = charset::to_utf8(body, content_type).ok()?;
    entry(std::str::from_utf8(&utf8).ok()?, stored_at_ms, secret)
}

/// A stored entry, as read back.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    /// When the page was fetched, epoch milliseconds.
    pub stored_at_ms: f64,
    /// The body of the page as the server sent it (UTF-8).
    pub body: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntryJson {
    v: u32,
    stored_at: f64,
    body: String,
}

/// What a store held for a key.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    /// A page young enough to answer.
    Usable(Stored),
    /// A page older than `maxStaleMs`: delete it.
    Expired,
    /// Not an entry of this format (another version, a foreign value): delete it.
    Unreadable,
}

/// Reads the entry a store returned (as JSON text) and checks its age at `now_ms`.
pub fn read(entry_json: &str, now_ms: f64, cache: &CacheConfig) -> Found {
    let parsed: EntryJson = match serde_json::from_str(entry_json) {
        Ok(e) => e,
        Err(_) => return Found::Unreadable,
    };
    if parsed.v != 1 || !parsed.stored_at.is_finite() || format_gmt(parsed.stored_at).is_none() {
        return Found::Unreadable;
    }
    if age_ms(parsed.stored_at, now_ms) > cache.max_stale_ms as f64 {
        return Found::Expired;
    }
    Found::Usable(Stored {
        stored_at_ms: parsed.stored_at,
        body: parsed.body,
    })
}

/// The age of a page stored at `stored_at_ms`, at `now_ms` (never negative: a clock set
/// back makes a page look new, not older than it is).
pub fn age_ms(stored_at_ms: f64, now_ms: f64) -> f64 {
    (now_ms - stored_at_ms).max(0.0).floor()
}

/// `stored_at_ms` as ISO 8601 (`yyyy-MM-ddTHH:mm:ss.sssZ`, as `Date.toISOString()`).
pub fn iso(stored_at_ms: f64) -> String {
    // Integer arithmetic: whole milliseconds (no float remainder in the wasm).
    let ms = (stored_at_ms as i64).rem_euclid(1000);
    match format_gmt(stored_at_ms) {
        Some(s) => format!("{}T{}.{ms:03}Z", &s[..10], &s[11..]),
        None => "1970-01-01T00:00:00.000Z".to_owned(),
    }
}

/// The `stale` field of a page served from the store at `now_ms`, after its live fetch
/// failed with `error` (mask its password first: [`Error::masked`]).
pub fn stale<'a>(stored: &Stored, now_ms: f64, error: &'a Error) -> Stale<'a> {
    Stale {
        stored_at: iso(stored.stored_at_ms),
        // Whole milliseconds (no float formatting in the wasm).
        age_ms: age_ms(stored.stored_at_ms, now_ms) as u64,
        error,
    }
}

/// The message of a store operation that failed (reported through `onRequest`), masked.
pub fn store_failure(op: &str, detail: &str, secret: &Secret) -> String {
    let detail: String = detail.chars().take(300).collect();
    let message = format!(
        "the cache store's {op}() failed: {detail}. The lookup went on without it; check the \
         store (cache.store)"
    );
    secret.mask(&message).into_owned()
}

/// The default store: in memory, bounded by [`MEMORY_MAX_ENTRIES`] entries and
/// [`MEMORY_MAX_BYTES`] bytes; the entry written longest ago goes first. (A list searched
/// in order: at most a thousand short keys, and small in the wasm, unlike hash maps.)
#[derive(Debug, Default)]
pub struct MemoryStore {
    /// Oldest first.
    entries: VecDeque<(String, String)>,
    bytes: usize,
    max_entries: usize,
    max_bytes: usize,
}

impl MemoryStore {
    /// An empty store with the default bounds.
    pub fn new() -> Self {
        Self::bounded(MEMORY_MAX_ENTRIES, MEMORY_MAX_BYTES)
    }

    /// An empty store holding at most `max_entries` entries and `max_bytes` bytes.
    pub fn bounded(max_entries: usize, max_bytes: usize) -> Self {
        MemoryStore {
            max_entries,
            max_bytes,
            ..MemoryStore::default()
        }
    }

    /// The entry under `key`, if any.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Stores `value` under `key` (replacing the older one), then drops the oldest entries
    /// beyond the bounds.
    pub fn set(&mut self, key: &str, value: String) {
        self.delete(key);
        let size = key.len() + value.len();
        if size > self.max_bytes {
            return;
        }
        self.bytes += size;
        self.entries.push_back((key.to_owned(), value));
        while self.entries.len() > self.max_entries || self.bytes > self.max_bytes {
            let Some((k, v)) = self.entries.pop_front() else {
                break;
            };
            self.bytes -= k.len() + v.len();
        }
    }

    /// Removes the entry under `key`.
    pub fn delete(&mut self, key: &str) {
        if let Some(i) = self.entries.iter().position(|(k, _)| k == key) {
            if let Some((k, v)) = self.entries.remove(i) {
                self.bytes -= k.len() + v.len();
            }
        }
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::endpoint::{CUSTOMERS, DIGITAL_ORDERS, GENERIC, VOUCHERS};
    use crate::core::options::ClientOptions;

    const PW: &str = "s3cret-pw!";

    fn config() -> ClientConfig {
        ClientOptions::from_json(&format!(
            r#"{{"baseUrl":"https://acme.example","applicationId":"KEEPIT","username":"clerk",
                "password":"{PW}","companyId":"ACME","siteId":"500"}}"#
        ))
        .unwrap()
    }

    fn secret() -> Secret {
        Secret::new(Some(PW), Some("clerk"))
    }

    fn vouchers(card: &str) -> Call {
        Call::from_json(&VOUCHERS, &format!(r#"{{"cardBarcode":"{card}"}}"#)).unwrap()
    }

    #[test]
    fn only_get_lookups_are_cached() {
        assert!(is_cacheable(&vouchers("1")));
        let orders =
            Call::from_json(&DIGITAL_ORDERS, r#"{"fromDateTime":"2020-01-01 00:00:00"}"#).unwrap();
        assert!(is_cacheable(&orders));
        assert!(is_cacheable(
            &Call::from_json(&GENERIC, r#"{"cmd":"getX"}"#).unwrap()
        ));
        assert!(!is_cacheable(
            &Call::from_json(&GENERIC, r#"{"cmd":"getX","method":"POST"}"#).unwrap()
        ));
        assert!(!is_cacheable(&Call::from_json(&CUSTOMERS, "{}").unwrap()));
        assert_eq!(
            key(
                &config(),
                &Call::from_json(&CUSTOMERS, "{}").unwrap(),
                0,
                &secret()
            ),
            None
        );
    }

    #[test]
    fn which_failures_a_stored_page_answers() {
        let e = |k| Error::new(k, "x");
        for k in [Kind::Network, Kind::Timeout, Kind::RateLimited] {
            assert!(may_answer(&e(k)), "{k:?}");
        }
        assert!(may_answer(&e(Kind::Http).with_status(500)));
        assert!(may_answer(&e(Kind::Http).with_status(503)));
        assert!(!may_answer(&e(Kind::Http).with_status(404)));
        assert!(!may_answer(&e(Kind::Http).with_status(422)));
        assert!(!may_answer(&e(Kind::Http)));
        for k in [
            Kind::InvalidArgument,
            Kind::Aborted,
            Kind::Api,
            Kind::Decode,
            Kind::Validation,
            Kind::Pagination,
        ] {
            assert!(!may_answer(&e(k)), "{k:?}");
        }
    }

    #[test]
    fn the_key_names_the_call_and_no_credential() {
        let k = key(&config(), &vouchers("0099000001209"), 20, &secret()).unwrap();
        assert_eq!(
            k,
            r#"fourws:v1:["https://acme.example","KEEPIT","ACME","500","clerk","getLoyaltyVouchers_v1",[["cardBarcode","0099000001209"]],20]"#
        );
        assert!(!k.contains(PW));
        // Every part tells calls apart.
        let other = key(&config(), &vouchers("0099000001210"), 20, &secret()).unwrap();
        assert_ne!(k, other);
        assert_ne!(
            k,
            key(&config(), &vouchers("0099000001209"), 0, &secret()).unwrap()
        );
        let mut c = vouchers("0099000001209");
        c.page_size = Some(50);
        assert!(key(&config(), &c, 20, &secret())
            .unwrap()
            .contains(r#"["limit","50"]"#));
        let mut cfg = config();
        cfg.site_id = Some("501".into());
        assert_ne!(
            k,
            key(&cfg, &vouchers("0099000001209"), 20, &secret()).unwrap()
        );
        // A call whose key would hold the password (in any form) is not cached.
        assert_eq!(key(&config(), &vouchers(PW), 0, &secret()), None);
        let encoded = "czNjcmV0LXB3IQ"; // base64 of the password, unpadded
        assert_eq!(key(&config(), &vouchers(encoded), 0, &secret()), None);
    }

    #[test]
    fn entries_round_trip_and_age() {
        let cache = CacheConfig {
            max_stale_ms: 60_000,
        };
        let body = r#"{"valueObjectList":[{"x":"é\"\\"}],"moreRows":false}"#;
        let e = entry(body, 1_000_000.7, &secret()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&e).unwrap();
        assert_eq!(
            (v["v"].as_u64(), v["storedAt"].as_f64()),
            (Some(1), Some(1_000_000.0))
        );
        match read(&e, 1_030_000.0, &cache) {
            Found::Usable(s) => {
                assert_eq!(s.body, body);
                let live = Error::new(Kind::Network, "refused");
                assert_eq!(
                    serde_json::to_string(&stale(&s, 1_030_000.0, &live)).unwrap(),
                    r#"{"storedAt":"1970-01-01T00:16:40.000Z","ageMs":30000,"error":{"kind":"network","message":"refused"}}"#
                );
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(read(&e, 1_060_000.0, &cache), read(&e, 1_000_000.0, &cache));
        assert_eq!(read(&e, 1_060_001.0, &cache), Found::Expired);
        // A clock set back: age 0, not negative.
        assert_eq!(age_ms(1_000_000.0, 999_000.0), 0.0);
        for bad in [
            "",
            "null",
            "{}",
            r#"{"v":2,"storedAt":1,"body":""}"#,
            r#"{"v":1,"storedAt":"x","body":""}"#,
            "[1]",
        ] {
            assert_eq!(read(bad, 0.0, &cache), Found::Unreadable, "{bad}");
        }
    }

    #[test]
    fn a_page_holding_the_password_is_not_stored() {
        assert_eq!(
            entry(&format!(r#"{{"note":"{PW}"}}"#), 1.0, &secret()),
            None
        );
        assert_eq!(entry(r#"{"note":"s3cret-pw%21"}"#, 1.0, &secret()), None);
        assert!(entry(r#"{"note":"fine"}"#, 1.0, &secret()).is_some());
        assert!(entry(r#"{"note":"fine"}"#, 1.0, &Secret::default()).is_some());
    }

    #[test]
    fn a_latin1_page_is_stored_as_utf8() {
        let e = entry_of(
            b"{\"n\":\"caf\xe9\"}",
            Some("application/json; charset=ISO-8859-1"),
            5.0,
            &secret(),
        )
        .unwrap();
        match read(&e, 5.0, &CacheConfig { max_stale_ms: 1 }) {
            Found::Usable(s) => assert_eq!(s.body, "{\"n\":\"café\"}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(entry_of(b"{\"n\":\"\xe9\"}", None, 5.0, &secret()), None);
    }

    #[test]
    fn store_failures_are_masked() {
        let m = store_failure("set", &format!("refused {PW}"), &secret());
        assert!(!m.contains(PW), "{m}");
        assert!(m.contains("set() failed"), "{m}");
    }

    #[test]
    fn the_memory_store_is_bounded() {
        let mut s = MemoryStore::bounded(3, 1000);
        for i in 0..5 {
            s.set(&format!("k{i}"), format!("v{i}"));
        }
        assert_eq!(s.len(), 3);
        assert_eq!(
            (s.get("k0"), s.get("k2"), s.get("k4")),
            (None, Some("v2"), Some("v4"))
        );
        // Writing a key again makes it the newest.
        s.set("k2", "v2b".into());
        s.set("k5", "v5".into());
        assert_eq!((s.get("k3"), s.get("k2")), (None, Some("v2b")));
        s.delete("k2");
        assert_eq!(s.get("k2"), None);
        // By bytes too; an entry larger than the whole store is not kept.
        let mut s = MemoryStore::bounded(100, 20);
        s.set("a", "x".repeat(9));
        s.set("b", "y".repeat(9));
        s.set("c", "z".repeat(9));
        assert_eq!((s.get("a"), s.len()), (None, 2));
        s.set("d", "w".repeat(30));
        assert_eq!(s.get("d"), None);
        assert_eq!(s.bytes, 20);
        s.delete("b");
        s.delete("c");
        assert!(s.is_empty());
        assert_eq!(s.bytes, 0);
    }
}
