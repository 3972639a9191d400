//! Native decode time of one small page (a profiling aid, not a test).
use fourws::core::decode::decode_page;
use fourws::core::endpoint::{CUSTOMERS, PRICES};
use std::time::Instant;

fn main() {
    for (name, ep) in [("prices20", &PRICES), ("customers20", &CUSTOMERS)] {
        let Ok(body) = std::fs::read(format!("/tmp/bodies/{name}.json")) else {
            continue;
        };
        let t = Instant::now();
        let mut n = 0u32;
        while t.elapsed().as_millis() < 500 {
            let p = decode_page(&body, &ep.shape, true).expect("decodes");
            std::hint::black_box(p);
            n += 1;
        }
        println!(
            "{name}: {:.1} µs per page ({} bytes)",
            t.elapsed().as_secs_f64() * 1e6 / f64::from(n),
            body.len()
        );
    }
}
