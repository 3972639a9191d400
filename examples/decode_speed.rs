//! Native decode speed over bodies written to /tmp/bodies/<endpoint>[20].json by the
//! bench's `buildBody` (a profiling aid, not a test): large bodies in MB/s, 20-record
//! pages (`customers20.json`, `prices20.json`, ...) in µs per page, and all-ASCII copies of
//! the large bodies (`customers-ascii.json`, ...) if present. Each body goes through
//! `response::decode` as a page would (UTF-8 checked once, then read by serde_json).
use fourws::core::endpoint::{Endpoint, CUSTOMERS, DIGITAL_ORDERS, PRICES, SALES, VOUCHERS};
use fourws::core::response;
use std::time::Instant;

fn main() {
    let endpoints: [(&str, &Endpoint); 5] = [
        ("customers", &CUSTOMERS),
        ("prices", &PRICES),
        ("sales", &SALES),
        ("vouchers", &VOUCHERS),
        ("orders", &DIGITAL_ORDERS),
    ];
    // DECODE_ONLY=<file> DECODE_ITERS=<n>: decode that body n times and stop (for
    // `perf stat`, whose instruction counts do not depend on the machine's load).
    let only = std::env::var("DECODE_ONLY").ok();
    let iters: Option<u32> = std::env::var("DECODE_ITERS")
        .ok()
        .and_then(|n| n.parse().ok());
    for (name, ep) in endpoints {
        for file in [
            name.to_string(),
            format!("{name}-ascii"),
            format!("{name}20"),
        ] {
            if only.as_ref().is_some_and(|o| *o != file) {
                continue;
            }
            let Ok(body) = std::fs::read(format!("/tmp/bodies/{file}.json")) else {
                continue;
            };
            let t = Instant::now();
            let mut n = 0u32;
            while iters.map_or(t.elapsed().as_millis() < 1000, |max| n < max) {
                let page = response::decode(&body, None, &ep.shape, true, u64::MAX);
                std::hint::black_box(page.expect("decodes"));
                n += 1;
            }
            let secs = t.elapsed().as_secs_f64() / f64::from(n);
            println!(
                "{file:12} {:10.1} µs/body {:7.1} MB/s ({} bytes)",
                secs * 1e6,
                body.len() as f64 / secs / 1e6,
                body.len()
            );
        }
    }
}
