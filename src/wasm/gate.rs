//! The gate of a shared limiter (`rateLimit: limiter`, e.g. rate-limiter-flexible's
//! `RateLimiterRedis`), awaited before each attempt. The JS side (the package's `Client`)
//! consumes one point with the account's key and answers 0 (go) or the milliseconds to
//! wait; it rejects with `{ kind, message }` when the limiter's store fails, and then
//! nothing is sent.

use super::shared::Shared;
use super::transport::{aborted, wait};
use crate::core::error::{Error, Kind};
use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

fn text(value: &JsValue, name: &str) -> Option<String> {
    Reflect::get(value, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_string())
}

/// Waits until the shared limiter lets one attempt go (at once without one).
pub async fn pass(shared: &Shared, signal: Option<&AbortSignal>) -> Result<(), Error> {
    let Some(gate) = shared.gate.borrow().clone() else {
        return Ok(());
    };
    loop {
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(aborted());
        }
        let answer = match gate.call0(&JsValue::NULL) {
            Ok(p) => JsFuture::from(Promise::resolve(&p)).await,
            Err(e) => Err(e),
        };
        match answer {
            Ok(v) => match v.as_f64() {
                Some(ms) if ms > 0.0 => wait(ms, signal).await?,
                _ => return Ok(()),
            },
            Err(e) => {
                let kind = match text(&e, "kind").as_deref() {
                    Some("invalidArgument") => Kind::InvalidArgument,
                    _ => Kind::Network,
                };
                let message = text(&e, "message").unwrap_or_else(|| {
                    "the shared rate limiter (rateLimit) failed; nothing was sent".to_owned()
                });
                return Err(Error::new(kind, message).masked(&shared.secret));
            }
        }
    }
}
