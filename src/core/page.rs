//! The JSON a paginator hands to JavaScript for one page (parsed there with one
//! `JSON.parse`, the cheapest way across the wasm boundary).

use super::decode::Decoded;
use super::json::write;
use super::pagination::PageInfo;
use super::secret::Secret;

fn opt(out: &mut String, v: Option<u64>) {
    match v {
        Some(n) => out.push_str(&n.to_string()),
        None => out.push_str("null"),
    }
}

/// `{"items":[...],"start":..,"nextStart":..,"moreRows":..,"total":..,"elementCount":..,
/// "summary":..,"invalid":[...],"stale":..}` (the fields of [`super::types::Page`], a test checks it);
/// `elementCount` is what the server counted on the page (records, or price rows), what
/// `start` advances by. Invalid-record messages are masked with `secret` (the raw record
/// stays as sent). `stale` is the page's `stale` field without its error (see
/// [`super::cache::stale_json`]), for a page answered from the cache.
pub fn page_json(page: &Decoded, info: &PageInfo, secret: &Secret, stale: Option<&str>) -> String {
    let mut out = String::with_capacity(page.items.len() + 160);
    out.push_str("{\"items\":");
    out.push_str(&page.items);
    out.push_str(",\"start\":");
    opt(&mut out, info.start);
    out.push_str(",\"nextStart\":");
    opt(&mut out, info.next_start);
    out.push_str(",\"moreRows\":");
    out.push_str(if info.more_rows { "true" } else { "false" });
    out.push_str(",\"total\":");
    opt(&mut out, info.total);
    out.push_str(",\"elementCount\":");
    out.push_str(&page.elements.to_string());
    out.push_str(",\"summary\":");
    out.push_str(page.summary.as_deref().unwrap_or("null"));
    out.push_str(",\"invalid\":[");
    for (i, bad) in page.invalid.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("{{\"index\":{},\"path\":", bad.index));
        write::string(&mut out, &bad.path);
        out.push_str(",\"message\":");
        write::string(&mut out, &secret.mask(&bad.message));
        out.push_str(",\"record\":");
        out.push_str(&bad.raw);
        out.push('}');
    }
    out.push_str("],\"stale\":");
    out.push_str(stale.unwrap_or("null"));
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::decode::Invalid;

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
            serde_json::from_str(&page_json(&page, &info, &secret, None)).unwrap();
        assert_eq!(v["stale"], serde_json::Value::Null);
        assert_eq!(v["items"][0]["a"], 1);
        assert_eq!(v["start"], 40);
        assert_eq!(v["nextStart"], 60);
        assert_eq!(v["moreRows"], true);
        assert_eq!(v["total"], 137);
        assert_eq!(v["elementCount"], 4);
        assert_eq!(v["summary"]["validTicket"], 2);
        assert_eq!(v["invalid"][0]["record"]["x"], "2021-02-30");
        assert_eq!(v["invalid"][0]["index"], 3);
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
        let v: serde_json::Value = serde_json::from_str(&page_json(
            &Decoded {
                items: "[]".into(),
                ..Decoded::default()
            },
            &info,
            &secret,
            Some(r#"{"storedAt":"x","ageMs":1}"#),
        ))
        .unwrap();
        assert_eq!(v["nextStart"], serde_json::Value::Null);
        assert_eq!(v["summary"], serde_json::Value::Null);
        assert_eq!(v["stale"]["ageMs"], 1);
    }
}
