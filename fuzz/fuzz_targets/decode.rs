//! Any body, for any endpoint, strict or lenient: the decoder never panics, and whatever it
//! accepts is ASCII JSON holding exactly the records it counted.
#![no_main]

use fourws::core::decode::decode_page;
use fourws::core::endpoint::{ALL, GENERIC};
use fourws::core::json::read::Reader;
use fourws::core::response;
use libfuzzer_sys::fuzz_target;

/// Checks `text` is one JSON value by the grammar (what JSON.parse accepts: lone surrogate
/// escapes and numbers beyond a double included, which serde_json refuses).
fn grammar_ok(text: &str) -> bool {
    let mut r = Reader::new(text.as_bytes());
    r.skip_value(0).is_ok() && r.at_end()
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let endpoints: Vec<_> = ALL.iter().copied().chain([&GENERIC]).collect();
    let ep = endpoints[usize::from(selector) % endpoints.len()];
    let strict = selector & 0x80 != 0;
    // Where serde_json accepts the body, it must accept the output too.
    let strict_json = serde_json::from_slice::<serde_json::Value>(body).is_ok();
    if let Ok(page) = decode_page(body, &ep.shape, strict) {
        assert!(page.items.is_ascii());
        assert!(grammar_ok(&page.items), "items are JSON");
        if strict_json {
            let items: serde_json::Value =
                serde_json::from_str(&page.items).expect("items are JSON");
            assert_eq!(items.as_array().map(Vec::len), Some(page.item_count));
        }
        if strict {
            assert!(page.invalid.is_empty() || page.success == Some(false));
        }
        for bad in &page.invalid {
            assert!(grammar_ok(&bad.raw), "raw is JSON");
        }
        if let Some(summary) = &page.summary {
            assert!(grammar_ok(summary), "summary is JSON");
            if strict_json {
                let _: serde_json::Value = serde_json::from_str(summary).expect("summary is JSON");
            }
        }
    }
    let _ = response::decode(body, &ep.shape, strict, 1 << 20);
    if let Ok(raw) = response::decode_raw(body, 1 << 20) {
        assert!(grammar_ok(&raw), "raw envelope is JSON");
    }
    let _ = response::check_status(
        u16::from(selector) * 3,
        std::str::from_utf8(body).ok(),
        body,
        0.0,
    );
});
