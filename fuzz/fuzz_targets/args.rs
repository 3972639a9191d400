//! Arbitrary JSON (what JavaScript can pass, with functions, signals and Dates written as
//! the markers of `fourws::core::js::native`) through serde into every options type and
//! its validate(), then the request builder: errors, never panics; a password never
//! reaches a Debug output or an error message.
#![no_main]

use fourws::core::call::{AllOptions, Call};
use fourws::core::endpoint::{ALL, GENERIC};
use fourws::core::options::ClientOptions;
use fourws::core::request;
use libfuzzer_sys::fuzz_target;

/// A JSON deserializer over the bytes (serde reads it as wasm reads the caller's object).
fn json(data: &[u8]) -> serde_json::Deserializer<serde_json::de::SliceRead<'_>> {
    serde_json::Deserializer::from_slice(data)
}

fuzz_target!(|data: &[u8]| {
    // Client options, then (after a NUL byte, if any) an endpoint's options.
    let (client, call) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, data),
    };
    // A password that also occurs in another option's text may rightly appear where that
    // other text is quoted: only a password the input holds once is checked for.
    let only_once = |pw: &str| {
        let text = String::from_utf8_lossy(client);
        pw.len() > 3 && text.matches(pw).count() <= 1
    };
    let config = fourws::core::option_errors::read::<ClientOptions, _>(
        "Client options",
        &mut json(client),
    )
    .and_then(|o| {
        let password = o.password.clone();
        let config = o.validate();
        if let (Some(pw), Err(e)) = (&password, &config) {
            if only_once(pw) {
                assert!(!e.message.contains(pw), "{}", e.message);
            }
        }
        config
    });
    if let Ok(config) = &config {
        if let Some(pw) = &config.password {
            if only_once(pw) {
                assert!(!format!("{config:?}").contains(pw.as_str()));
            }
        }
        // No credentials in the URL: nothing before an `@` in its authority.
        let after_scheme = config.base_url.split_once("://").map_or("", |(_, r)| r);
        let authority = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
        assert!(!authority.contains('@'), "{}", config.base_url);
    }
    for ep in ALL.iter().copied().chain([&GENERIC]) {
        if let (Ok((call, _)), Ok(config)) = (Call::parse(ep, &mut json(call)), &config) {
            let req = request::build(config, &call, Some(call.start));
            assert!(req.url.starts_with(&config.base_url));
            assert!(req.url.is_ascii());
        }
    }
    let _ = Call::parse_request(&mut json(call));
    let _ = AllOptions::parse(&mut json(call));
});
