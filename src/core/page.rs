//! The JSON a paginator hands to JavaScript for one page (parsed there with one
//! `JSON.parse`, the cheapest way across the wasm boundary).

use super::decode::{Decoded, Invalid};
use super::error::{Error, Kind, Result};
use super::json::written::Written;
use super::pagination::PageInfo;
use super::secret::Secret;
use super::types::{InvalidRecord, Page, Stale};
use serde_json::value::RawValue;

/// An invalid record's text as a [`RawValue`] (serde_json checks its syntax; invalid
/// records are few); a failure is a defect of the decoder.
fn raw<'a>(json: &'a str, what: &str) -> Result<&'a RawValue> {
    serde_json::from_str(json).map_err(|e| {
        Error::new(
            Kind::Decode,
            format!("fourws wrote the page's {what} as invalid JSON ({e}); please report this"),
        )
    })
}

/// One invalid record as the page reports it, with its page's `start` (message masked
/// with `secret`).
fn invalid<'a>(bad: &'a Invalid, start: Option<u64>, secret: &Secret) -> Result<InvalidRecord<'a>> {
    Ok(InvalidRecord {
        index: bad.index as u64,
        path: &bad.path,
        message: secret.mask(&bad.message),
        record: raw(&bad.raw, "invalid record")?,
        start,
    })
}

/// The page as [`Page`] serialises it: `{"items":[...],"start":..,"nextStart":..,
/// "moreRows":..,"total":..,"elementCount":..,"summary":..,"invalid":[...]}`;
/// `elementCount` is what the server counted on the page (records, or price rows), what
/// `start` advances by. Invalid-record messages are masked with `secret` (the raw record
/// stays as sent). `stale` is the page's `stale` field (see [`super::cache::stale`]),
/// for a page answered from the cache.
pub fn page_json(
    page: &Decoded,
    info: &PageInfo,
    secret: &Secret,
    stale: Option<Stale<'_>>,
) -> Result<String> {
    let summary = page.summary.as_deref().map(Written);
    let out = Page {
        items: &Written(&page.items),
        start: info.start,
        next_start: info.next_start,
        more_rows: info.more_rows,
        total: info.total,
        element_count: page.elements,
        summary: summary.as_ref(),
        invalid: page
            .invalid
            .iter()
            .map(|bad| invalid(bad, info.start, secret))
            .collect::<Result<_>>()?,
        stale,
    };
    serde_json::to_string(&out).map_err(|e| {
        Error::new(
            Kind::Decode,
            format!("fourws could not write the page ({e}); please report this"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_json_is_parseable_and_complete() {
        let page = Decoded {
            items: "[{\"a\":1}]".into(),
            elements: 4,
            summary: Some("{\"validTicket\":2}".into()),
            invalid: vec![Invalid {
                index: 3,
                path: "valueObjectList[3].x".into(),
                message: "\"2021-02-30\" is not a real date (hunter2!)".into(),
                raw: "{\"x\":\"2021-02-30\"}".into(),
            }],
            ..Decoded::default()
        };
        let info = PageInfo {
            start: Some(40),
            next_start: Some(60),
            more_rows: true,
            total: Some(137),
        };
        let secret = Secret::new(Some("hunter2!"), None);
        let v: serde_json::Value =
            serde_json::from_str(&page_json(&page, &info, &secret, None).unwrap()).unwrap();
        assert_eq!(v["items"][0]["a"], 1);
        assert_eq!(v["start"], 40);
        assert_eq!(v["nextStart"], 60);
        assert_eq!(v["moreRows"], true);
        assert_eq!(v["total"], 137);
        assert_eq!(v["elementCount"], 4);
        assert_eq!(v["summary"]["validTicket"], 2);
        assert_eq!(v["invalid"][0]["record"]["x"], "2021-02-30");
        assert_eq!(v["invalid"][0]["index"], 3);
        assert_eq!(v["invalid"][0]["start"], 40, "the page's offset");
        assert_eq!(
            v["invalid"][0]["message"], "\"2021-02-30\" is not a real date (***)",
            "the message is masked"
        );
        let info = PageInfo {
            start: None,
            next_start: None,
            more_rows: false,
            total: None,
        };
        let v: serde_json::Value = serde_json::from_str(
            &page_json(
                &Decoded {
                    items: "[]".into(),
                    ..Decoded::default()
                },
                &info,
                &secret,
                Some(Stale {
                    stored_at: "2026-01-01T00:00:00Z".into(),
                    age_ms: 1,
                    error: &Error::new(Kind::Network, "refused"),
                }),
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(v["nextStart"], serde_json::Value::Null);
        assert_eq!(v["summary"], serde_json::Value::Null);
        assert_eq!(v["stale"]["ageMs"], 1);
        assert_eq!(v["stale"]["error"]["kind"], "network");
    }
}
