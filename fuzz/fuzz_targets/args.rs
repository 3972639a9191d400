//! Arbitrary option trees (what JavaScript can pass) into every option checker and the
//! request builder: errors, never panics; a password never reaches a Debug output.
#![no_main]

use fourws::core::args::Arg;
use fourws::core::call::Call;
use fourws::core::endpoint::{ALL, GENERIC};
use fourws::core::options::ClientConfig;
use fourws::core::request;
use libfuzzer_sys::fuzz_target;

const KEYS: [&str; 24] = [
    "baseUrl", "applicationId", "password", "username", "timeoutMs", "maxRetries", "rateLimit",
    "maxCalls", "perMs", "concurrency", "headers", "languageId", "start", "completeExtraction",
    "system", "cardBarcode", "fromDateTime", "cmd", "method", "query", "body", "signal",
    "invalidRecords", "x-extra",
];
const STRINGS: [&str; 10] = [
    "https://acme.example", "http://127.0.0.1:1/p", "KEEPIT", "IT", "EN", "POST", "GET",
    "2020-09-08 13:18:00", "", "\r\n\u{263a}",
];

fn arg(data: &mut &[u8], depth: u32) -> Arg {
    let Some((&b, rest)) = data.split_first() else {
        return Arg::Undefined;
    };
    *data = rest;
    match b % 13 {
        0 => Arg::Undefined,
        1 => Arg::Null,
        2 => Arg::Bool(b & 0x80 != 0),
        3 => Arg::Number(f64::from(i32::from(b as i8)) * 7.5),
        4 => Arg::Number([f64::NAN, f64::INFINITY, -0.0, 1e300, 9.007_199_254_740_993e15][usize::from(b >> 5) % 5]),
        5 | 6 => Arg::Str(STRINGS[usize::from(b >> 4) % STRINGS.len()].to_string()),
        7 => Arg::Str(String::from_utf8_lossy(&data[..data.len().min(usize::from(b >> 3))]).into_owned()),
        8 => Arg::Date(f64::from(b) * 1e10),
        9 => Arg::Function,
        10 => Arg::Signal,
        11 if depth < 4 => {
            let n = usize::from(b >> 4);
            Arg::Object((0..n).map(|i| (KEYS[(usize::from(b) + i * 7) % KEYS.len()].to_string(), arg(data, depth + 1))).collect())
        }
        12 if depth < 4 => Arg::Array((0..usize::from(b >> 5)).map(|_| arg(data, depth + 1)).collect()),
        _ => Arg::Other("a symbol".into()),
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = data;
    let options = arg(&mut input, 0);
    let call_options = arg(&mut input, 0);
    let config = ClientConfig::from_arg(&options);
    if let Ok(config) = &config {
        if let Some(pw) = &config.password {
            if pw.len() > 3 {
                assert!(!format!("{config:?}").contains(pw.as_str()));
            }
        }
    }
    for ep in ALL.iter().copied().chain([&GENERIC]) {
        if let (Ok(call), Ok(config)) = (Call::new(ep, &call_options), &config) {
            let req = request::build(config, &call, Some(call.start));
            assert!(req.url.starts_with(&config.base_url));
            assert!(req.url.is_ascii());
        }
    }
    let _ = Call::request(&call_options);
});
