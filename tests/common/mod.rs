//! Tests of the wasm layer against the mock 4WS server, shared by the Node
//! (`wasm_node.rs`) and headless Chromium (`wasm_browser.rs`) runs. They drive the
//! exported `RawClient`/`RawPaginator` exactly as the package's JS face does: JS values
//! in, fetch, the core's decoding, JSON text out.

use fourws::wasm::{RawClient, RawPaginator};
use js_sys::{Promise, Reflect, JSON};
use std::collections::HashSet;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// The mock server the test script starts (compile-time, so the browser run has it too).
const MOCK: &str = match option_env!("FOURWS_MOCK_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:18787",
};

fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON")
}

fn client(extra: &str) -> RawClient {
    let options = format!(
        r#"{{"baseUrl":"{MOCK}","applicationId":"KEEPIT","username":"fourws-demo",
            "password":"mock-password","companyId":"MOCK","siteId":"1"{extra}}}"#
    );
    RawClient::new(js(&options)).expect("valid options")
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

async fn settle(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

/// Every page of a paginator, parsed; or the error object.
async fn pages(p: &RawPaginator) -> Result<Vec<JsValue>, JsValue> {
    let mut out = Vec::new();
    loop {
        let v = settle(p.next_page()).await?;
        if v.is_null() {
            return Ok(out);
        }
        out.push(JSON::parse(&v.as_string().expect("page JSON")).expect("page parses"));
    }
}

fn items(pages: &[JsValue]) -> Vec<JsValue> {
    pages
        .iter()
        .flat_map(|p| {
            js_sys::Array::from(&get(p, "items"))
                .iter()
                .collect::<Vec<_>>()
        })
        .collect()
}

fn kind(err: &JsValue) -> String {
    get(err, "kind").as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn customers_export_pages_through_all_137_customers() {
    let c = client("");
    let p = c.paginator("customersExport", JsValue::UNDEFINED);
    let pages = pages(&p).await.expect("export succeeds");
    assert_eq!(pages.len(), 7);
    let all = items(&pages);
    assert_eq!(all.len(), 137);
    let codes: HashSet<String> = all
        .iter()
        .map(|c| {
            get(&get(c, "subject"), "subjectCode")
                .as_string()
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(codes.len(), 137, "no duplicates");
    assert_eq!(get(&pages[0], "total").as_f64(), Some(137.0));
    assert_eq!(get(&pages[6], "nextStart"), JsValue::NULL);
    // Normalised: the docs' customer comes first, its birthday in ISO 8601.
    let first = get(&all[0], "subject");
    assert_eq!(
        get(&first, "birthday").as_string().as_deref(),
        Some("1944-05-07T00:00:00Z")
    );
}

#[wasm_bindgen_test]
async fn every_endpoint_returns_its_elements_in_order() {
    let c = client(r#","concurrency":4"#);
    let prices = pages(&c.paginator("pricesExport", JsValue::UNDEFINED))
        .await
        .unwrap();
    let rows: u32 = items(&prices)
        .iter()
        .map(|l| js_sys::Array::from(&get(l, "prices")).length())
        .sum();
    assert_eq!(rows, 72);
    let sales = pages(&c.paginator("salesExport", JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_eq!(items(&sales).len(), 33);
    assert_eq!(sales.len(), 4);
    let vouchers = c.paginator("loyaltyVouchers", js(r#"{"cardBarcode":"0099000001209"}"#));
    let vouchers = pages(&vouchers).await.unwrap();
    assert_eq!(items(&vouchers).len(), 25);
    assert_eq!(
        get(&get(&vouchers[0], "summary"), "validTicket").as_f64(),
        Some(2.0)
    );
    assert_eq!(
        get(&vouchers[0], "total"),
        JsValue::NULL,
        "Documents API: total unknown"
    );
    let orders = c.paginator(
        "lastDigitalOrders",
        js(r#"{"fromDateTime":"2020-01-01 00:00:00"}"#),
    );
    assert_eq!(items(&pages(&orders).await.unwrap()).len(), 41);
}

#[wasm_bindgen_test]
async fn a_failing_page_reports_where_to_resume() {
    let c = client(
        r#","maxRetries":0,"headers":{"x-fault":"500","x-fault-start":"40","x-fault-id":"wasm-resume"}"#,
    );
    let p = c.paginator("customersExport", JsValue::UNDEFINED);
    let err = pages(&p).await.expect_err("page 3 fails");
    assert_eq!(kind(&err), "http");
    assert_eq!(get(&err, "start").as_f64(), Some(40.0));
    assert_eq!(get(&err, "status").as_f64(), Some(500.0));
    assert_eq!(
        get(&err, "cmd").as_string().as_deref(),
        Some("getCustomersExport_v3")
    );
    // Resuming from there (without the fault) yields exactly the missing customers.
    let rest = client("").paginator("customersExport", js(r#"{"start":40}"#));
    assert_eq!(items(&pages(&rest).await.unwrap()).len(), 97);
}

#[wasm_bindgen_test]
async fn faults_end_in_the_right_kind() {
    let cases = [
        ("html", "decode"),
        ("truncated", "decode"),
        ("api-error", "api"),
        ("422", "http"),
        ("empty-more", "pagination"),
        ("ignore-start", "pagination"),
        ("bad-record", "validation"),
        ("drop", "network"),
    ];
    for (fault, want) in cases {
        let c = client(&format!(
            r#","maxRetries":0,"headers":{{"x-fault":"{fault}","x-fault-id":"wasm-{fault}"}}"#
        ));
        let err = pages(&c.paginator("customersExport", JsValue::UNDEFINED))
            .await
            .expect_err(fault);
        assert_eq!(
            kind(&err),
            want,
            "fault {fault}: {:?}",
            get(&err, "message")
        );
    }
}

#[wasm_bindgen_test]
async fn a_hanging_server_times_out() {
    let c = client(r#","maxRetries":0,"timeoutMs":300,"headers":{"x-fault":"hang"}"#);
    let err = pages(&c.paginator("customersExport", JsValue::UNDEFINED))
        .await
        .expect_err("hangs");
    assert_eq!(kind(&err), "timeout");
    assert_eq!(get(&err, "start").as_f64(), Some(0.0));
}

#[wasm_bindgen_test]
async fn bad_options_and_arguments_are_invalid_argument_errors() {
    let err = RawClient::new(js(
        r#"{"baseUrl":"ftp://x","applicationId":"A","password":"pw-secret"}"#,
    ))
    .err()
    .expect("refused");
    assert_eq!(kind(&err), "invalidArgument");
    let c = client("");
    let err = pages(&c.paginator("loyaltyVouchers", js("{}")))
        .await
        .expect_err("no card");
    assert_eq!(kind(&err), "invalidArgument");
    // The client keeps working after errors.
    let ok = pages(&c.paginator("salesExport", JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_eq!(items(&ok).len(), 33);
}

#[wasm_bindgen_test]
async fn request_returns_the_envelope() {
    let c = client("");
    let v = settle(c.request(js(
        r#"{"cmd":"getLoyaltyVouchers_v1","query":{"cardBarcode":"0099000001209"}}"#,
    )))
    .await
    .expect("request succeeds");
    let env = JSON::parse(&v.as_string().unwrap()).unwrap();
    assert_eq!(get(&env, "success"), JsValue::TRUE);
    assert_eq!(
        get(&env, "identifier").as_string().as_deref(),
        Some("0099000001209")
    );
}
