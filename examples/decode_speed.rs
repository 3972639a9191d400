//! Native decode speed over bodies written to /tmp/bodies/<endpoint>[20].json by the
//! bench's `buildBody` (a profiling aid, not a test): large bodies in MB/s, 20-record
//! pages (`customers20.json`, `prices20.json`, ...) in µs per page.
use fourws::core::decode::decode_page;
use fourws::core::endpoint::{Endpoint, CUSTOMERS, DIGITAL_ORDERS, PRICES, SALES, VOUCHERS};
use std::time::Instant;

fn main() {
    let endpoints: [(&str, &Endpoint); 5] = [
        ("customers", &CUSTOMERS),
        ("prices", &PRICES),
        ("sales", &SALES),
        ("vouchers", &VOUCHERS),
        ("orders", &DIGITAL_ORDERS),
    ];
    for (name, ep) in endpoints {
        for file in [name.to_string(), format!("{name}20")] {
            let Ok(body) = std::fs::read(format!("/tmp/bodies/{file}.json")) else {
                continue;
            };
            let t = Instant::now();
            let mut n = 0u32;
            while t.elapsed().as_millis() < 1000 {
                std::hint::black_box(decode_page(&body, &ep.shape, true).expect("decodes"));
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
