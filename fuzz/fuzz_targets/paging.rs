//! The paging state machine fed arbitrary page sequences: it never panics, never loops
//! (each step either advances, finishes or fails), its resume point never moves back, and
//! a finished complete extraction delivered exactly its announced total.
#![no_main]

use fourws::core::call::Call;
use fourws::core::decode::Decoded;
use fourws::core::endpoint::{TotalMeaning, ALL};
use fourws::core::pagination::{Pager, State};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&head, rest)) = data.split_first() else {
        return;
    };
    let ep = ALL[usize::from(head) % ALL.len()];
    let incremental = head & 0x80 != 0 && ep.total == TotalMeaning::Extraction;
    let mut opts = serde_json::Map::new();
    match ep.method_name {
        "loyaltyVouchers" => {
            opts.insert("cardBarcode".into(), "1".into());
        }
        "lastDigitalOrders" => {
            opts.insert("fromDateTime".into(), "2020-01-01 00:00:00".into());
        }
        _ => {}
    }
    if incremental {
        opts.insert("completeExtraction".into(), false.into());
        opts.insert("system".into(), "S".into());
    } else if head & 0x40 != 0 {
        opts.insert("start".into(), (head & 0x3f).into());
    }
    let json = serde_json::Value::Object(opts).to_string();
    let Ok((call, _)) = Call::parse(ep, &mut serde_json::Deserializer::from_str(&json)) else {
        return;
    };
    let mut pager = Pager::new(&call);
    let first = pager.position();
    let mut delivered = 0u64;
    let mut last_total = None;
    for chunk in rest.chunks(4) {
        if pager.state() != State::Running {
            break;
        }
        let [n, flags, total, fp] = [0, 1, 2, 3].map(|i| chunk.get(i).copied().unwrap_or(0));
        let ahead = pager.ahead(u64::from(flags % 5) + 1);
        assert!(!ahead.is_empty() || pager.take_pending().is_some());
        if pager.state() != State::Running {
            break;
        }
        let at = pager.position();
        assert_eq!(ahead.first(), Some(&at));
        assert!(ahead.windows(2).all(|w| w[0] < w[1]), "offsets ahead increase");
        let page = Decoded {
            elements: u64::from(n % 25),
            item_count: usize::from(n % 25),
            more_rows: match flags & 3 {
                0 => None,
                1 => Some(false),
                _ => Some(true),
            },
            result_set_length: (flags & 4 != 0).then_some(u64::from(total)),
            fingerprint: u64::from(fp),
            ..Decoded::default()
        };
        match pager.accept(at, &page) {
            Ok(info) => {
                delivered += page.elements;
                last_total = info.total;
                assert!(pager.position() >= at);
                if let Some(next) = info.next_start {
                    assert_eq!(next, at + page.elements);
                }
            }
            Err(e) => {
                assert_eq!(pager.state(), State::Failed);
                assert!(e.start.is_none() || e.start == Some(pager.position()));
            }
        }
        if let Some(e) = pager.take_pending() {
            // A shortfall at the end has no resume point (resuming cannot repair it).
            assert!(e.start.is_none() || e.start == Some(pager.position()));
        }
    }
    if pager.state() == State::Done && ep.total == TotalMeaning::Extraction && !incremental {
        // A finished complete extraction that was told a total delivered exactly up to it.
        if let Some(total) = last_total {
            assert_eq!(
                first + delivered,
                total,
                "finished at {} of {total}",
                first + delivered
            );
        }
    }
});
