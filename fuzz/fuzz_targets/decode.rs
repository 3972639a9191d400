//! Any body, for any endpoint, strict or lenient, with or without a declared Latin-1
//! charset: the decoder never panics; whatever it accepts is ASCII-only JSON (by the JSON
//! grammar, which also admits what JSON.parse admits and serde_json refuses to build:
//! lone surrogate escapes, numbers beyond a double); and no record is lost: the records
//! delivered plus those set aside are exactly the elements of the body's valueObjectList.
//! The whole path a page takes, `(status, headers, bytes)` → page JSON (`check_status`, then
//! `Delivery::deliver`), is driven too: the page JSON is ASCII-only JSON, and a failure names
//! where to resume.
#![no_main]

use fourws::core::call::Call;
use fourws::core::decode::{decode_page, Decoded};
use fourws::core::delivery::{Delivery, Fetched};
use fourws::core::endpoint::{ALL, GENERIC};
use fourws::core::response;
use fourws::core::secret::Secret;
use libfuzzer_sys::fuzz_target;
use serde::de::IgnoredAny;

/// Whether `text` is one JSON value by the grammar (serde_json skipping it checks syntax
/// without converting numbers or strings).
fn grammar_ok(text: &str) -> bool {
    serde_json::from_str::<IgnoredAny>(text).is_ok()
}

/// The number of elements of the body's `valueObjectList`, where serde_json can tell it
/// (bytes that are not UTF-8 replaced, which never changes JSON structure).
fn list_len(body: &[u8]) -> Option<usize> {
    let body = body.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(body);
    let text = String::from_utf8_lossy(body);
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v.get("valueObjectList")?.as_array().map(Vec::len)
}

fn check(page: &Decoded, body: &[u8], strict: bool, utf8: bool) {
    assert!(page.items.is_ascii());
    let items: Vec<IgnoredAny> = serde_json::from_str(&page.items).expect("items are JSON");
    assert_eq!(items.len(), page.item_count);
    if strict {
        assert!(page.invalid.is_empty() || page.success == Some(false));
    }
    for bad in &page.invalid {
        assert!(bad.raw.is_ascii());
        assert!(grammar_ok(&bad.raw), "raw is JSON");
    }
    if let Some(summary) = &page.summary {
        assert!(summary.is_ascii());
        assert!(grammar_ok(summary), "summary is JSON");
    }
    if utf8 {
        if let Some(n) = list_len(body) {
            assert_eq!(page.item_count + page.invalid.len(), n, "a record was lost");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let endpoints: Vec<_> = ALL.iter().copied().chain([&GENERIC]).collect();
    let ep = endpoints[usize::from(selector) % endpoints.len()];
    let strict = selector & 0x80 != 0;
    if let Ok(page) = decode_page(body, &ep.shape, strict) {
        check(&page, body, strict, true);
    }
    let latin1 = Some("application/json; charset=ISO-8859-1");
    if let Ok(page) = response::decode(body, latin1, &ep.shape, strict, 1 << 20) {
        check(&page, body, strict, false);
    }
    let _ = response::decode(body, None, &ep.shape, strict, 1 << 20);
    if let Ok(raw) = response::decode_raw(body, None, 1 << 20) {
        assert!(raw.is_ascii());
        assert!(grammar_ok(&raw), "raw envelope is JSON");
    }
    let status = [200u16, 200, 200, 429, 500, 503][usize::from(selector) % 6];
    let checked = response::check_status(status, std::str::from_utf8(body).ok(), body, 0.0);
    let options = match ep.method_name {
        "loyaltyVouchers" => r#"{"cardBarcode":"1","start":40}"#,
        "lastDigitalOrders" => r#"{"fromDateTime":"2020-01-01 00:00:00","start":40}"#,
        "paginate" => r#"{"cmd":"getX_v1","start":40}"#,
        _ => r#"{"start":40}"#,
    };
    if let Ok(call) = Call::from_json(ep, options) {
        let mut delivery = Delivery::new(&call, strict, 1 << 20, Secret::new(Some("pw"), None));
        let fetched = checked.map(|()| Fetched {
            body: body.to_vec(),
            content_type: (selector & 0x40 != 0).then(|| "text/json; charset=latin1".to_owned()),
        });
        match delivery.deliver(40, fetched) {
            Ok(json) => {
                assert!(json.is_ascii());
                assert!(grammar_ok(&json), "page JSON is JSON");
            }
            Err(e) => assert_eq!(e.start, Some(40), "a failed page says where to resume"),
        }
    }
});
