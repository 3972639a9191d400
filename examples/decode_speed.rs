//! Native decode throughput over bodies in /tmp/bodies (a profiling aid, not a test).
use fourws::core::decode::decode_page;
use fourws::core::endpoint::{CUSTOMERS, DIGITAL_ORDERS, PRICES, SALES, VOUCHERS};
use std::time::Instant;

fn main() {
    for (name, ep) in [
        ("customers", &CUSTOMERS),
        ("prices", &PRICES),
        ("sales", &SALES),
        ("vouchers", &VOUCHERS),
        ("orders", &DIGITAL_ORDERS),
    ] {
        let Ok(body) = std::fs::read(format!("/tmp/bodies/{name}.json")) else {
            continue;
        };
        let t = Instant::now();
        let mut n = 0;
        let mut out = 0;
        while t.elapsed().as_millis() < 1000 {
            let p = decode_page(&body, &ep.shape, true).expect("decodes");
            out += p.items.len();
            n += 1;
        }
        let secs = t.elapsed().as_secs_f64() / f64::from(n);
        println!(
            "{name:10} {:8.2} ms/body {:7.1} MB/s (out {} bytes)",
            secs * 1e3,
            body.len() as f64 / secs / 1e6,
            out / n as usize
        );
    }
}
