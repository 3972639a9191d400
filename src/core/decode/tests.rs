use super::*;
use crate::core::endpoint::{
    Endpoint, ALL, CUSTOMERS, DIGITAL_ORDERS, GENERIC, PRICES, SALES, VOUCHERS,
};
use serde_json::{json, Value};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/docs/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn decode(ep: &Endpoint, body: &str) -> Result<Decoded, Error> {
    decode_page(body.as_bytes(), &ep.shape, true)
}

fn items(page: &Decoded) -> Value {
    assert!(page.items.is_ascii(), "output must be ASCII");
    serde_json::from_str(&page.items).unwrap()
}

/// The docs' example responses decode into the committed golden records.
#[test]
fn docs_examples_match_the_golden_files() {
    let cases: [(&Endpoint, &str); 5] = [
        (&CUSTOMERS, "customers-export"),
        (&PRICES, "prices-export"),
        (&SALES, "sales-export"),
        (&VOUCHERS, "loyalty-vouchers"),
        (&DIGITAL_ORDERS, "last-digital-orders"),
    ];
    for (ep, name) in cases {
        let body = fixture(&format!("{name}.json"));
        let page = decode_page(&body, &ep.shape, true).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = json!({
            "items": items(&page),
            "elements": page.elements,
            "moreRows": page.more_rows,
            "resultSetLength": page.result_set_length,
            "summary": page.summary.as_deref().map(|s| serde_json::from_str::<Value>(s).unwrap()),
        });
        let path = format!("{}/tests/golden/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let pretty = serde_json::to_string_pretty(&got).unwrap() + "\n";
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &pretty).unwrap();
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            pretty == want,
            "{name}: decoded records differ from tests/golden/{name}.json \
             (inspect, then UPDATE_GOLDEN=1 cargo test to accept)"
        );
    }
}

#[test]
fn customers_are_normalised() {
    let page = decode_page(&fixture("customers-export.json"), &CUSTOMERS.shape, true).unwrap();
    let c = &items(&page)[0];
    assert_eq!(c["subject"]["birthday"], "1944-05-07T00:00:00Z");
    assert_eq!(c["subject"]["createDate"], "2022-06-23T14:32:54Z");
    assert_eq!(c["subject"]["lastUpdate"], Value::Null);
    assert_eq!(c["subject"]["zipCode"], "06028");
    assert_eq!(c["subject"]["earnedPoints"], 0);
    assert_eq!(c["privacy"][0]["privacyConsent"], true);
    assert_eq!(c["privacy"][1]["privacyConsent"], false);
    assert_eq!(page.elements, 1);
}

#[test]
fn prices_count_rows_and_keep_the_list_whole() {
    let page = decode_page(&fixture("prices-export.json"), &PRICES.shape, true).unwrap();
    assert_eq!(page.elements, 20, "20 price rows in one price list");
    assert_eq!(page.item_count, 1);
    assert_eq!(page.result_set_length, Some(78862));
    let list = &items(&page)[0];
    assert_eq!(list["priceListStartDate"], "2020-04-24T00:00:00Z");
    assert_eq!(list["priceListEndDate"], Value::Null);
    assert_eq!(list["prices"][0]["price"], 25);
    assert_eq!(list["entityCodes"].as_array().map(Vec::len), Some(17));
}

#[test]
fn sales_keep_both_field_spellings_and_date_only_values() {
    let page = decode_page(&fixture("sales-export.json"), &SALES.shape, true).unwrap();
    let s = &items(&page)[0];
    assert_eq!(s["saleHeader"]["documentDate"], "2019-05-15");
    assert_eq!(s["saleHeader"]["entityDescription"], "Negozio 1");
    assert_eq!(s["saleDetails"][0]["itemDescription"], "PORTAFOGLIO LIU");
    assert_eq!(page.result_set_length, Some(77));
}

#[test]
fn vouchers_have_a_summary() {
    let page = decode_page(&fixture("loyalty-vouchers.json"), &VOUCHERS.shape, true).unwrap();
    let summary: Value = serde_json::from_str(page.summary.as_deref().unwrap()).unwrap();
    assert_eq!(
        summary,
        json!({
            "validTicket": 2, "remainingPurchases": 1, "validSalesTotalAmount": 694,
            "validSalesTotalCashback": 70, "identifier": "0099000001209"
        })
    );
    let v = &items(&page)[0];
    assert_eq!(v["currencySymbol"], "€");
    assert_eq!(v["endValidity"], "2021-04-17T10:42:00Z");
    assert_eq!(v["documentStatus"], "ACTIVE");
    assert_eq!(page.elements, 18);
    assert_eq!(page.more_rows, Some(false));
}

#[test]
fn digital_orders_normalise_flags_numbers_and_codes() {
    let page = decode_page(
        &fixture("last-digital-orders.json"),
        &DIGITAL_ORDERS.shape,
        true,
    )
    .unwrap();
    assert_eq!(page.success, None, "this envelope has no success field");
    let o = &items(&page)[0];
    assert_eq!(o["masterRegister"], false);
    assert_eq!(o["zReportNumber"], Value::Null);
    assert_eq!(o["payments"][0]["paymentDone"], true);
    assert_eq!(o["invoiceClient"]["entityCode"], "210");
    assert_eq!(o["invoiceClient"]["isCompany"], false);
    assert_eq!(o["items"][1]["discount"], Value::Null);
    assert_eq!(o["items"][1]["vatCode"], "20");
    assert_eq!(o["items"][0]["vatCode"], "20");
    assert_eq!(o["items"][0]["discountType"], "P");
    assert_eq!(o["items"][0]["havingTailoring"], false);
    assert_eq!(o["goodsVoucher"], json!([]));
    assert_eq!(o["startDate"], "2020-09-08T13:17:32Z");
    assert_eq!(o["currencySymbol"], "€");
}

#[test]
fn unknown_fields_are_kept_as_they_came() {
    let body = r#"{"success":true,"valueObjectList":[{"subject":{"subjectCode":"1","newField":{"a":[1,"€"]},"birthday":null},"extra":"x","privacy":[]}],"moreRows":false,"resultSetLength":1,"serverTime":"now"}"#;
    let page = decode(&CUSTOMERS, body).unwrap();
    let c = &items(&page)[0];
    assert_eq!(c["subject"]["newField"], json!({"a": [1, "€"]}));
    assert_eq!(c["extra"], "x");
    assert_eq!(page.summary.as_deref(), Some(r#"{"serverTime":"now"}"#));
    // Field order is kept.
    let keys: Vec<&String> = c["subject"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["subjectCode", "newField", "birthday"]);
}

#[test]
fn validation_errors_name_the_path() {
    let record = |birthday: &str| {
        format!(r#"{{"subject":{{"subjectCode":"1","birthday":{birthday}}},"privacy":[]}}"#)
    };
    let ok = record("null");
    let body = format!(
        r#"{{"success":true,"valueObjectList":[{ok},{ok},{ok},{}],"moreRows":false}}"#,
        record(r#""2021-02-30 10:00:00""#)
    );
    let e = decode(&CUSTOMERS, &body).unwrap_err();
    assert_eq!(e.kind, Kind::Validation);
    assert_eq!(
        e.path.as_deref(),
        Some("valueObjectList[3].subject.birthday")
    );
    assert!(e.message.contains("not a real date"), "{}", e.message);

    // Lenient: the record is set aside whole, the others delivered, the count kept.
    let page = decode_page(body.as_bytes(), &CUSTOMERS.shape, false).unwrap();
    assert_eq!(page.item_count, 3);
    assert_eq!(page.elements, 4);
    assert_eq!(page.invalid.len(), 1);
    let bad = &page.invalid[0];
    assert_eq!(bad.index, 3);
    assert_eq!(bad.path, "valueObjectList[3].subject.birthday");
    let raw: Value = serde_json::from_str(&bad.raw).unwrap();
    assert_eq!(raw["subject"]["birthday"], "2021-02-30 10:00:00");
    assert_eq!(items(&page).as_array().map(Vec::len), Some(3));
}

#[test]
fn validation_table() {
    let cases: [(&Endpoint, &str, &str, &str); 9] = [
        (
            &CUSTOMERS,
            r#"{"subject":{"earnedPoints":{"x":1}}}"#,
            "valueObjectList[0].subject.earnedPoints",
            "got an object",
        ),
        (
            &CUSTOMERS,
            r#"{"subject":{"sex":5}}"#,
            "valueObjectList[0].subject.sex",
            "got the number 5",
        ),
        (
            &CUSTOMERS,
            r#"{"privacy":[]}"#,
            "valueObjectList[0].subject",
            "mandatory",
        ),
        (
            &CUSTOMERS,
            r#"{"subject":{},"privacy":[{"privacyConsent":"X"}]}"#,
            "valueObjectList[0].privacy[0].privacyConsent",
            "flag letter",
        ),
        (
            &CUSTOMERS,
            r#""just a string""#,
            "valueObjectList[0]",
            "not an object",
        ),
        (
            &PRICES,
            r#"{"priceListType":"A","priceList":"L","priceListDescription":"d","priceListStartDate":null,"priceListEndDate":null,"prices":[{"startDate":null,"price":1}]}"#,
            "valueObjectList[0].prices[0].itemCode",
            "missing",
        ),
        (
            &PRICES,
            r#"{"priceListType":"A","priceList":"L","priceListDescription":"d","priceListStartDate":null,"prices":[]}"#,
            "valueObjectList[0].priceListEndDate",
            "missing",
        ),
        (
            &SALES,
            r#"{"saleHeader":{"totalAmount":"12,50"}}"#,
            "valueObjectList[0].saleHeader.totalAmount",
            "not a number",
        ),
        (
            &VOUCHERS,
            r#"{"endValidity":"17/04/2021"}"#,
            "valueObjectList[0].endValidity",
            "format",
        ),
    ];
    for (ep, record, path, why) in cases {
        let body = format!(r#"{{"valueObjectList":[{record}]}}"#);
        let e = decode(ep, &body).unwrap_err();
        assert_eq!(e.kind, Kind::Validation, "{record}");
        assert_eq!(e.path.as_deref(), Some(path), "{record}: {}", e.message);
        assert!(e.message.contains(why), "{record}: {}", e.message);
    }
}

#[test]
fn invalid_price_lists_still_count_their_rows() {
    let body = r#"{"valueObjectList":[{"priceListType":"A","priceList":"L","priceListDescription":"d","priceListStartDate":"bad","priceListEndDate":null,"prices":[{"itemCode":"1","startDate":null,"price":1},{"itemCode":"2","startDate":null,"price":2}]}],"moreRows":false}"#;
    let page = decode_page(body.as_bytes(), &PRICES.shape, false).unwrap();
    assert_eq!(page.elements, 2);
    assert_eq!(page.item_count, 0);
    assert_eq!(page.invalid.len(), 1);
}

#[test]
fn decode_errors_say_what_came() {
    let table = [
        ("", "empty body"),
        ("   ", "empty body"),
        ("<!DOCTYPE html><html>Login</html>", "HTML page"),
        (
            r#"{"success":true,"valueObjectList":[{"subject":{"#,
            "truncated",
        ),
        (
            r#"{"success":true,"valueObjectList":[]} trailing"#,
            "after the JSON object",
        ),
        ("[1,2]", "expected a JSON object"),
        (
            r#"{"success":"yes"}"#,
            r#"success is "yes", neither true nor false"#,
        ),
        (r#"{"success":2,"message":"m"}"#, "message: m"),
        (r#"{"a":tru,"valueObjectList":[]}"#, "not valid JSON"),
        (
            r#"{"valueObjectList":[{"subject":{}}],"valueObjectList":[]}"#,
            "valueObjectList twice",
        ),
        (r#"{"valueObjectList":[{"subject":{}},"#, "truncated"),
    ];
    for (body, want) in table {
        let e = decode_page(body.as_bytes(), &CUSTOMERS.shape, true).unwrap_err();
        assert_eq!(e.kind, Kind::Decode, "{body}");
        assert!(e.message.contains(want), "{body}: {}", e.message);
    }
    // A byte that is not UTF-8 outside the records fails the page.
    let e = decode_page(
        b"{\"a\":\"\xff\",\"valueObjectList\":[]}",
        &CUSTOMERS.shape,
        true,
    )
    .unwrap_err();
    assert_eq!(e.kind, Kind::Decode);
    assert!(
        e.message
            .contains("not UTF-8 (0xFF at byte 6) outside valueObjectList"),
        "{}",
        e.message
    );
}

#[test]
fn envelope_fields() {
    let page = decode(
        &CUSTOMERS,
        r#"{"moreRows":"T","resultSetLength":"137","valueObjectList":null}"#,
    )
    .unwrap();
    assert_eq!(page.more_rows, Some(true));
    assert_eq!(page.result_set_length, Some(137));
    assert_eq!(page.items, "[]");
    let e = decode(&CUSTOMERS, r#"{"resultSetLength":-1}"#).unwrap_err();
    assert_eq!(e.kind, Kind::Validation);
    assert_eq!(e.path.as_deref(), Some("resultSetLength"));
    // Numbers are quoted as numbers, strings as strings.
    for (sent, shown) in [
        ("-5", "resultSetLength: -5 is not a count"),
        ("1.5", "resultSetLength: 1.5 is not a count"),
        (r#""-5""#, r#"resultSetLength: "-5" is not a count"#),
        ("true", "resultSetLength: true is not a count"),
    ] {
        let e = decode(&CUSTOMERS, &format!(r#"{{"resultSetLength":{sent}}}"#)).unwrap_err();
        assert!(e.message.starts_with(shown), "{sent}: {}", e.message);
    }
    let e = decode(&CUSTOMERS, r#"{"moreRows":null}"#).unwrap_err();
    assert_eq!(e.message, "moreRows: null is neither true nor false");
    let page = decode(
        &CUSTOMERS,
        r#"{"success":false,"message":"Internal error","valueObjectList":[1]}"#,
    );
    // A failed envelope is reported as such by the caller, whatever its records hold.
    let page = page.unwrap();
    assert_eq!(page.success, Some(false));
    assert_eq!(page.message.as_deref(), Some("Internal error"));
}

#[test]
fn generic_records_are_verbatim() {
    let page = decode(
        &GENERIC,
        r#"{"valueObjectList":[{"a":"2021-02-30"},7,"x"],"moreRows":true}"#,
    )
    .unwrap();
    assert_eq!(page.items, r#"[{"a":"2021-02-30"},7,"x"]"#);
    assert_eq!(page.elements, 3);
}

#[test]
fn fingerprints_tell_pages_apart() {
    let a = decode(
        &CUSTOMERS,
        r#"{"valueObjectList":[{"subject":{"subjectCode":"1"}}]}"#,
    )
    .unwrap();
    let b = decode(
        &CUSTOMERS,
        r#"{"valueObjectList":[{"subject":{"subjectCode":"2"}}]}"#,
    )
    .unwrap();
    let a2 = decode(
        &CUSTOMERS,
        r#"{"moreRows":true,"valueObjectList":[{"subject":{"subjectCode":"1"}}]}"#,
    )
    .unwrap();
    assert_ne!(a.fingerprint, b.fingerprint);
    assert_eq!(a.fingerprint, a2.fingerprint);
}

/// The first and last valid records' hashes: the last of one page equals the first of the
/// next when the two pages hold the same record.
#[test]
fn record_edges_tell_the_first_and_last_record() {
    let two = decode(
        &CUSTOMERS,
        r#"{"valueObjectList":[{"subject":{"subjectCode":"1"}},{"subject":{"subjectCode":"2"}}]}"#,
    )
    .unwrap();
    let one = decode(
        &CUSTOMERS,
        r#"{"valueObjectList":[{"subject":{"subjectCode":"2"}}]}"#,
    )
    .unwrap();
    let (first, last) = two.edges.unwrap();
    assert_ne!(first, last);
    assert_eq!(
        one.edges,
        Some((last, last)),
        "the comma before a record is not part of it"
    );
    let none = decode(&CUSTOMERS, r#"{"valueObjectList":[]}"#).unwrap();
    assert_eq!(none.edges, None);
}

/// Property: no input, however malformed, panics any decoder, and whatever decodes is
/// valid ASCII JSON.
#[test]
fn no_input_panics() {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut rnd = move |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
    let seeds: Vec<Vec<u8>> = [
        "customers-export.json",
        "prices-export.json",
        "sales-export.json",
        "loyalty-vouchers.json",
        "last-digital-orders.json",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect();
    const TOKENS: [&[u8]; 14] = [
        b"{",
        b"}",
        b"[",
        b"]",
        b",",
        b":",
        b"\"",
        b"\\u00",
        b"null",
        b"\"T\"",
        b"\xff",
        b"1e9",
        b"\"2021-02-30\"",
        b"\"\"",
    ];
    for i in 0..3000 {
        let mut body = seeds[i % seeds.len()].clone();
        for _ in 0..=rnd(6) {
            let at = rnd(body.len() + 1);
            match rnd(4) {
                0 => body.truncate(at),
                1 => {
                    let t = TOKENS[rnd(TOKENS.len())];
                    body.splice(at..at, t.iter().copied());
                }
                2 if at < body.len() => {
                    let end = (at + rnd(40)).min(body.len());
                    body.drain(at..end);
                }
                _ if at < body.len() => body[at] = rnd(256) as u8,
                _ => {}
            }
        }
        for selector in [rnd(6) as u8, rnd(6) as u8 | 0x80] {
            let mut data = vec![selector];
            data.extend_from_slice(&body);
            fuzz_checks(&data);
        }
    }
}

/// Regression (found by `cargo fuzz run decode`): a number beyond the range of a double is
/// valid JSON. Outside the schema it is kept as sent; in a numeric field it makes that
/// record invalid, since JavaScript would read it as Infinity.
#[test]
fn numbers_beyond_a_double() {
    let big = "7882222222222222222E2222222222222222222222222222222262";
    let body = format!("{{\n\"swucce:t\": {big}\n}}\n");
    let page = decode_page(body.as_bytes(), &PRICES.shape, false).unwrap();
    assert_eq!(
        page.summary.as_deref(),
        Some(format!(r#"{{"swucce:t":{big}}}"#).as_str())
    );

    let ok = r#"{"saleHeader":{"totalAmount":1}}"#;
    let bad = format!(r#"{{"saleHeader":{{"totalAmount":{big}}}}}"#);
    let body = format!(r#"{{"valueObjectList":[{ok},{bad},{ok}],"resultSetLength":3}}"#);
    let e = decode(&SALES, &body).unwrap_err();
    assert_eq!(e.kind, Kind::Validation);
    assert_eq!(
        e.path.as_deref(),
        Some("valueObjectList[1].saleHeader.totalAmount")
    );
    assert!(e.message.contains("too large"), "{}", e.message);

    let page = decode_page(body.as_bytes(), &SALES.shape, false).unwrap();
    assert_eq!((page.item_count, page.elements), (2, 3));
    assert_eq!(page.result_set_length, Some(3));
    assert_eq!((page.invalid[0].index, &page.invalid[0].raw), (1, &bad));
    assert_eq!(
        items(&page),
        json!([{"saleHeader":{"totalAmount":1}}, {"saleHeader":{"totalAmount":1}}])
    );
    // Where the schema wants text, serde_json refuses to read it: the record is set aside.
    let body = format!(r#"{{"valueObjectList":[{ok},{{"saleHeader":{{"currency":{big}}}}}]}}"#);
    let page = decode_page(body.as_bytes(), &SALES.shape, false).unwrap();
    assert_eq!((page.item_count, page.invalid.len()), (1, 1));
}

/// Found by `cargo fuzz run decode`: a lone surrogate escape (`\udaee`) is valid JSON and
/// JSON.parse keeps it. Where a value is copied as sent it passes through; where the
/// schema reads the string, serde_json refuses it and that record is set aside.
#[test]
fn lone_surrogates() {
    let body = r#"{"note":"a\udaeeb","valueObjectList":[{"subject":{"x":"y\ud800"}}]}"#;
    let page = decode(&CUSTOMERS, body).unwrap();
    assert_eq!(page.summary.as_deref(), Some(r#"{"note":"a\udaeeb"}"#));
    assert_eq!(page.items, r#"[{"subject":{"x":"y\ud800"}}]"#);

    let bad = r#"{"subject":{"subjectName":"x\ud800"}}"#;
    let body = format!(
        r#"{{"valueObjectList":[{{"subject":{{"subjectName":"\u00e8"}}}},{bad}],"note":"n"}}"#
    );
    let e = decode(&CUSTOMERS, &body).unwrap_err();
    assert_eq!(e.kind, Kind::Validation);
    assert_eq!(
        e.path.as_deref(),
        Some("valueObjectList[1].subject.subjectName")
    );
    assert!(
        e.message.contains("cannot be read as JSON"),
        "{}",
        e.message
    );
    let page = decode_page(body.as_bytes(), &CUSTOMERS.shape, false).unwrap();
    assert_eq!(page.items, r#"[{"subject":{"subjectName":"\u00e8"}}]"#);
    assert_eq!(page.summary.as_deref(), Some(r#"{"note":"n"}"#));
    assert_eq!(page.invalid.len(), 1);
    assert_eq!(
        serde_json::from_str::<String>(&page.invalid[0].raw).unwrap(),
        bad
    );
    assert_eq!(page.elements, 2);
}

fn customer(i: usize, name: &[u8]) -> Vec<u8> {
    let mut r = format!(r#"{{"subject":{{"subjectCode":"{i}","subjectName":""#).into_bytes();
    r.extend_from_slice(name);
    r.extend_from_slice(br#"","birthday":"1980-01-02 00:00:00"},"privacy":[]}"#);
    r
}

/// A page of 20 customers, one of whose names is `bad` (raw bytes).
fn twenty_customers(bad_at: usize, bad: &[u8]) -> Vec<u8> {
    let mut body = br#"{"success":true,"valueObjectList":["#.to_vec();
    for i in 0..20 {
        if i > 0 {
            body.extend_from_slice(b",\n  ");
        }
        body.extend(customer(
            i,
            if i == bad_at {
                bad
            } else {
                "Nicol\u{f2}".as_bytes()
            },
        ));
    }
    body.extend_from_slice(br#"],"moreRows":true,"resultSetLength":137}"#);
    body
}

/// Issue 14, item 11: one Latin-1 byte (`\xd2`, "Ò") in one name of a 20-record page,
/// no charset declared: that record is invalid, the other 19 are delivered.
#[test]
fn a_byte_that_is_not_utf8_sets_aside_only_its_record() {
    let body = twenty_customers(7, b"\xd2SCAR");
    let e = decode_page(&body, &CUSTOMERS.shape, true).unwrap_err();
    assert_eq!(e.kind, Kind::Validation);
    assert_eq!(e.path.as_deref(), Some("valueObjectList[7]"));
    assert!(e.message.contains("not UTF-8 (0xD2"), "{}", e.message);

    let page = decode_page(&body, &CUSTOMERS.shape, false).unwrap();
    assert_eq!((page.item_count, page.elements), (19, 20));
    assert_eq!(page.more_rows, Some(true));
    assert_eq!(page.result_set_length, Some(137));
    let list = items(&page);
    assert_eq!(list.as_array().map(Vec::len), Some(19));
    assert_eq!(list[7]["subject"]["subjectCode"], "8");
    assert_eq!(list[0]["subject"]["subjectName"], "Nicolò");
    assert_eq!(list[0]["subject"]["birthday"], "1980-01-02T00:00:00Z");
    let bad = &page.invalid[0];
    assert_eq!((bad.index, bad.path.as_str()), (7, "valueObjectList[7]"));
    let raw: String = serde_json::from_str(&bad.raw).unwrap();
    assert_eq!(raw, String::from_utf8_lossy(&customer(7, b"\xd2SCAR")));
    assert!(raw.contains("\u{fffd}SCAR"), "{raw}");
    assert!(bad.raw.is_ascii());

    // The same page read whole, for comparison: the 19 records come out identical.
    let good = decode_page(&twenty_customers(99, b""), &CUSTOMERS.shape, true).unwrap();
    let mut all = items(&good).as_array().cloned().unwrap();
    all.remove(7);
    assert_eq!(list, Value::Array(all));
}

/// A price list that cannot be read still counts its rows (what `start` advances by).
#[test]
fn unreadable_price_lists_count_their_rows() {
    let list = |code: &str, name: &[u8]| {
        let mut r =
            format!(r#"{{"priceListType":"A","priceList":"{code}","priceListDescription":""#)
                .into_bytes();
        r.extend_from_slice(name);
        r.extend_from_slice(br#"","priceListStartDate":null,"priceListEndDate":null,"prices":[{"itemCode":"1","startDate":null,"price":1},{"itemCode":"2","startDate":null,"price":2.50}]}"#);
        r
    };
    let mut body = br#"{"valueObjectList":["#.to_vec();
    body.extend(list("A", b"ok"));
    body.push(b',');
    body.extend(list("B", b"caf\xe9"));
    body.extend_from_slice(b"]}");
    let page = decode_page(&body, &PRICES.shape, false).unwrap();
    assert_eq!(
        (page.item_count, page.invalid.len(), page.elements),
        (1, 1, 4)
    );
    assert_eq!(items(&page)[0]["prices"][1]["price"], 2.5);
}

/// Issue 14, item 10: `success` sent as a string, a number or null.
#[test]
fn success_variants() {
    use crate::core::response;
    for sent in [
        r#""false""#,
        r#""F""#,
        "0",
        "null",
        "false",
        r#""f""#,
        r#""N""#,
    ] {
        let body = format!(r#"{{"success":{sent},"message":"Customer not found"}}"#);
        let e =
            response::decode(body.as_bytes(), None, &CUSTOMERS.shape, true, 1 << 20).unwrap_err();
        assert_eq!(e.kind, Kind::Api, "{sent}: {}", e.message);
        assert!(
            e.message
                .starts_with("Customer not found (the 4WS server answered success: "),
            "{sent}: {}",
            e.message
        );
        assert!(
            e.message.contains(&format!("success: {sent})")),
            "{}",
            e.message
        );
    }
    for sent in [r#""true""#, r#""T""#, "1", "true", r#""Y""#] {
        let body = format!(
            r#"{{"success":{sent},"valueObjectList":[{{"subject":{{"subjectCode":"1"}}}}]}}"#
        );
        let page = response::decode(body.as_bytes(), None, &CUSTOMERS.shape, true, 1 << 20)
            .unwrap_or_else(|e| panic!("{sent}: {e:?}"));
        assert_eq!((page.success, page.item_count), (Some(true), 1), "{sent}");
    }
    for sent in [r#""yes""#, "2", r#""""#, "[]", "{}"] {
        let body = format!(r#"{{"success":{sent},"message":"m"}}"#);
        let e =
            response::decode(body.as_bytes(), None, &CUSTOMERS.shape, true, 1 << 20).unwrap_err();
        assert_eq!(e.kind, Kind::Decode, "{sent}");
        assert!(
            e.message.contains("The server's message: m"),
            "{}",
            e.message
        );
    }
    // success: false wins over a broken envelope field: the server said it failed.
    let e = response::decode(
        br#"{"success":"F","resultSetLength":-5,"message":"down"}"#,
        None,
        &CUSTOMERS.shape,
        true,
        1 << 20,
    )
    .unwrap_err();
    assert_eq!(e.kind, Kind::Api);
}

/// A declared charset is honoured; an unknown one is named.
#[test]
fn declared_charsets() {
    use crate::core::response;
    let mut latin1 = br#"{"valueObjectList":["#.to_vec();
    latin1.extend(customer(0, b"\xd2SCAR \x80"));
    latin1.push(b',');
    latin1.extend(customer(1, b"Nicol\xf2"));
    latin1.extend_from_slice(b"]}");
    for ct in [
        "application/json; charset=ISO-8859-1",
        "application/json;charset=windows-1252",
        "application/json; charset=\"latin1\"",
    ] {
        let page = response::decode(&latin1, Some(ct), &CUSTOMERS.shape, true, 1 << 20)
            .unwrap_or_else(|e| panic!("{ct}: {e:?}"));
        let list = items(&page);
        assert_eq!(list[0]["subject"]["subjectName"], "ÒSCAR €", "{ct}");
        assert_eq!(list[1]["subject"]["subjectName"], "Nicolò", "{ct}");
    }
    // Declared UTF-8 (or nothing): the Latin-1 bytes are not UTF-8, both records invalid.
    for ct in [None, Some("application/json; charset=utf-8")] {
        let page = response::decode(&latin1, ct, &CUSTOMERS.shape, false, 1 << 20).unwrap();
        assert_eq!((page.item_count, page.invalid.len()), (0, 2));
    }
    let e = response::decode(
        &latin1,
        Some("application/json; charset=UTF-16"),
        &CUSTOMERS.shape,
        false,
        1 << 20,
    )
    .unwrap_err();
    assert_eq!(e.kind, Kind::Decode);
    assert!(e.message.contains("charset=utf-16"), "{}", e.message);
}

/// A record that is not JSON at all (a syntax error inside it) is that record's problem
/// when the records around it can be told apart.
#[test]
fn a_record_with_a_syntax_error_is_set_aside() {
    let body = r#"{"valueObjectList":[{"subject":{"a":tru}},{"subject":{"subjectCode":7}}]}"#;
    let e = decode(&CUSTOMERS, body).unwrap_err();
    assert_eq!(e.kind, Kind::Validation);
    assert_eq!(e.path.as_deref(), Some("valueObjectList[0].subject"));
    let page = decode_page(body.as_bytes(), &CUSTOMERS.shape, false).unwrap();
    assert_eq!(page.items, r#"[{"subject":{"subjectCode":"7"}}]"#);
    assert_eq!(
        serde_json::from_str::<String>(&page.invalid[0].raw).unwrap(),
        r#"{"subject":{"a":tru}}"#
    );
}

/// The fuzzer's own checks (`fuzz/fuzz_targets/decode.rs`), for one input.
pub(crate) fn fuzz_checks(data: &[u8]) {
    use crate::core::response;
    use serde::de::IgnoredAny;
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let endpoints: Vec<&Endpoint> = ALL.iter().copied().chain([&GENERIC]).collect();
    let ep = endpoints[usize::from(selector) % endpoints.len()];
    let strict = selector & 0x80 != 0;
    if let Ok(page) = decode_page(body, &ep.shape, strict) {
        assert!(page.items.is_ascii());
        let list: Vec<IgnoredAny> = serde_json::from_str(&page.items).expect("items are JSON");
        assert_eq!(list.len(), page.item_count);
        if strict {
            assert!(page.invalid.is_empty() || page.success == Some(false));
        }
        for bad in &page.invalid {
            assert!(bad.raw.is_ascii());
            let _: IgnoredAny = serde_json::from_str(&bad.raw).expect("raw is JSON");
        }
        if let Some(summary) = &page.summary {
            assert!(summary.is_ascii());
            let _: IgnoredAny = serde_json::from_str(summary).expect("summary is JSON");
        }
        // No record lost, where serde_json can count the body's list.
        let text = String::from_utf8_lossy(body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body));
        if let Ok(v) = serde_json::from_str::<Value>(&text) {
            if let Some(list) = v.get("valueObjectList").and_then(Value::as_array) {
                assert_eq!(page.item_count + page.invalid.len(), list.len());
            }
        }
    }
    let _ = response::decode(body, None, &ep.shape, strict, 1 << 20);
    let _ = response::decode(
        body,
        Some("text/json; charset=latin1"),
        &ep.shape,
        strict,
        1 << 20,
    );
    if let Ok(raw) = response::decode_raw(body, None, 1 << 20) {
        assert!(raw.is_ascii());
        let _: IgnoredAny = serde_json::from_str(&raw).expect("raw envelope is JSON");
    }
}

/// Inputs the decode fuzzer once found (`tests/fuzz-regressions/decode-*`) keep passing its
/// checks.
#[test]
fn fuzz_regressions() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if !path
            .file_name()
            .is_some_and(|f| f.to_string_lossy().starts_with("decode-"))
        {
            continue;
        }
        fuzz_checks(&std::fs::read(&path).unwrap());
        n += 1;
    }
    assert!(n >= 2, "the regression inputs are there");
}
