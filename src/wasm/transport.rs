//! Sending one request through `fetch` (gloo-net, or the caller's own `fetch`), with the
//! client's rate limit, per-request timeout, abort signal, retries and `onRequest` hook.
//! Every decision (what to retry, how long to wait) is the core's; this file only waits
//! and performs.

use super::client::Shared;
use super::interop;
use crate::core::call::Call;
use crate::core::endpoint::Method;
use crate::core::error::{Error, Kind};
use crate::core::request::{self, HttpRequest};
use crate::core::response;
use crate::core::retry::{self, Decision, Outcome};
use gloo_net::http::Request;
use js_sys::{Array, Date, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/src/wasm/glue.js")]
extern "C" {
    fn sleep(ms: f64, signal: Option<AbortSignal>) -> Promise;
    #[wasm_bindgen(js_name = anySignal)]
    fn any_signal(signals: &Array) -> AbortSignal;
    #[wasm_bindgen(js_name = timeoutSignal)]
    fn timeout_signal(ms: f64) -> Timeout;
    #[wasm_bindgen(js_name = readBody)]
    fn read_body(response: &web_sys::Response, max: f64) -> Promise;
    #[wasm_bindgen(js_name = raceAbort)]
    fn race_abort(promise: &Promise, signal: &AbortSignal) -> Promise;

    /// An `AbortController` that aborts by itself after a delay.
    type Timeout;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &Timeout) -> AbortSignal;
    #[wasm_bindgen(method)]
    fn done(this: &Timeout);
}

/// Waits `ms`, or fails with `aborted` as soon as `signal` aborts.
pub async fn wait(ms: f64, signal: Option<&AbortSignal>) -> Result<(), Error> {
    JsFuture::from(sleep(ms, signal.cloned()))
        .await
        .map(|_| ())
        .map_err(|_| aborted())
}

/// The `aborted` error.
pub fn aborted() -> Error {
    Error::new(
        Kind::Aborted,
        "the operation was aborted through its AbortSignal",
    )
}

/// A signal that aborts when any of `signals` does.
pub fn combine(signals: &[&AbortSignal]) -> AbortSignal {
    let list = Array::new();
    for s in signals {
        list.push(s);
    }
    any_signal(&list)
}

struct Failure {
    error: Error,
    outcome: Outcome,
}

impl Failure {
    fn of(error: Error) -> Self {
        let outcome = match (error.kind, error.status) {
            (_, Some(status)) => Outcome::Status(status),
            (Kind::Network, _) => Outcome::Network,
            (Kind::Timeout, _) => Outcome::Timeout,
            (kind, _) => Outcome::Other(kind),
        };
        Failure { error, outcome }
    }
}

/// Sends `call` at `start` (with retries) and returns the body of the 2xx answer.
/// `replayable` says whether a request that may have reached the server can be sent again.
pub async fn send(
    shared: &Shared,
    call: &Call,
    start: Option<u64>,
    signal: Option<&AbortSignal>,
    replayable: bool,
) -> Result<Vec<u8>, Error> {
    let req = request::build(&shared.config, call, start);
    let mut retries = 0;
    loop {
        loop {
            if signal.is_some_and(AbortSignal::aborted) {
                return Err(aborted());
            }
            match shared.try_start(Date::now()) {
                Ok(()) => break,
                Err(wait_ms) => wait(wait_ms.max(1.0), signal).await?,
            }
        }
        let began = Date::now();
        let result = attempt(shared, &req, signal).await;
        let failure = result.as_ref().err().map(|e| Failure::of(e.clone()));
        let decision = match &failure {
            None => Decision::GiveUp,
            Some(f) if !replayable && !matches!(f.outcome, Outcome::Status(429 | 503)) => {
                Decision::GiveUp
            }
            Some(f) => retry::decide(
                f.outcome,
                retries,
                shared.config.max_retries,
                f.error.retry_after_ms,
                shared.config.max_retry_after_ms,
                js_sys::Math::random(),
            ),
        };
        report(
            shared,
            &req,
            call,
            start,
            retries,
            &result,
            Date::now() - began,
            decision,
        );
        match (result, decision) {
            (Ok((_, body)), _) => return Ok(body),
            (Err(e), Decision::GiveUp) => return Err(e),
            (Err(_), Decision::RetryAfter(ms)) => {
                wait(ms, signal).await?;
                retries += 1;
            }
        }
    }
}

async fn attempt(
    shared: &Shared,
    req: &HttpRequest,
    signal: Option<&AbortSignal>,
) -> Result<(u16, Vec<u8>), Error> {
    let timeout = timeout_signal(shared.config.timeout_ms as f64);
    let timeout_signal = timeout.signal();
    let combined = match signal {
        Some(s) => combine(&[s, &timeout_signal]),
        None => timeout_signal.clone(),
    };
    let result = perform(shared, req, &combined).await;
    timeout.done();
    result.map_err(|e| {
        if signal.is_some_and(AbortSignal::aborted) {
            aborted()
        } else if timeout_signal.aborted() {
            Error::new(
                Kind::Timeout,
                format!(
                    "no complete answer within timeoutMs ({} ms)",
                    shared.config.timeout_ms
                ),
            )
        } else {
            e
        }
    })
}

fn network_error(what: &str, err: &JsValue) -> Error {
    // Node's fetch hides the reason in `cause` (ECONNREFUSED, UND_ERR_SOCKET, ...).
    let cause = Reflect::get(err, &"cause".into()).unwrap_or(JsValue::UNDEFINED);
    let code = Reflect::get(&cause, &"code".into())
        .ok()
        .and_then(|c| c.as_string());
    let mut e = interop::js_error(Kind::Network, what, err);
    if let Some(code) = code {
        e.message.push_str(&format!(" ({code})"));
    }
    e.message
        .push_str(". Check the network connection and baseUrl; the request is retried up to maxRetries times.");
    e
}

async fn perform(
    shared: &Shared,
    req: &HttpRequest,
    signal: &AbortSignal,
) -> Result<(u16, Vec<u8>), Error> {
    let mut builder = match req.method {
        Method::Get => Request::get(&req.url),
        Method::Post => Request::post(&req.url),
    };
    for (k, v) in &req.headers {
        builder = builder.header(k, v);
    }
    builder = builder.abort_signal(Some(signal));
    let built = match &req.body {
        Some(body) => builder.body(body.as_str()),
        None => builder.build(),
    }
    .map_err(|e| {
        Error::new(
            Kind::Network,
            format!("the request could not be built: {e}"),
        )
    })?;
    let raw: web_sys::Request = built.into();
    let response: web_sys::Response = match &shared.fetch {
        Some(f) => {
            let returned = f
                .call1(&JsValue::UNDEFINED, &raw)
                .map_err(|e| network_error("the fetch function threw", &e))?;
            // A custom fetch may ignore the signal: stop waiting when it aborts.
            let value = JsFuture::from(race_abort(&Promise::resolve(&returned), signal))
                .await
                .map_err(|e| network_error("the request failed", &e))?;
            value.dyn_into::<web_sys::Response>().map_err(|_| {
                Error::new(
                    Kind::Network,
                    "the fetch function did not resolve to a Response",
                )
            })?
        }
        None => {
            let promise = fetch_global(&raw);
            JsFuture::from(promise)
                .await
                .map_err(|e| network_error("the request failed", &e))?
                .unchecked_into()
        }
    };
    let status = response.status();
    let retry_after = response.headers().get("retry-after").ok().flatten();
    let reading = read_body(&response, shared.config.max_response_bytes as f64);
    let bytes = JsFuture::from(race_abort(&reading, signal))
        .await
        .map_err(|e| match e.as_string() {
            Some(s) if s.starts_with("too-large:") => {
                let n = s["too-large:".len()..].parse::<u64>().unwrap_or(u64::MAX);
                response::check_size(n, shared.config.max_response_bytes)
                    .err()
                    .unwrap_or_else(|| Error::new(Kind::Decode, "the response is too large"))
            }
            _ => network_error("the connection failed while reading the response", &e),
        })?;
    let body = bytes.unchecked_into::<Uint8Array>().to_vec();
    response::check_status(status, retry_after.as_deref(), &body, Date::now())?;
    Ok((status, body))
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_global(request: &web_sys::Request) -> Promise;
}

/// Calls the `onRequest` hook with what happened on one attempt (never credentials).
#[allow(clippy::too_many_arguments)]
fn report(
    shared: &Shared,
    req: &HttpRequest,
    call: &Call,
    start: Option<u64>,
    retries: u64,
    result: &Result<(u16, Vec<u8>), Error>,
    duration_ms: f64,
    decision: Decision,
) {
    let Some(hook) = &shared.on_request else {
        return;
    };
    let event = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&event, &JsValue::from_str(k), &v);
    };
    set("cmd", JsValue::from_str(&call.cmd));
    set("method", JsValue::from_str(req.method.as_str()));
    set("url", JsValue::from_str(&req.url));
    set(
        "start",
        start.map_or(JsValue::NULL, |s| JsValue::from_f64(s as f64)),
    );
    set("attempt", JsValue::from_f64((retries + 1) as f64));
    set("durationMs", JsValue::from_f64(duration_ms.round()));
    match result {
        Ok((status, body)) => {
            set("status", JsValue::from_f64(f64::from(*status)));
            set("bytes", JsValue::from_f64(body.len() as f64));
            set("errorKind", JsValue::NULL);
        }
        Err(e) => {
            set(
                "status",
                e.status
                    .map_or(JsValue::NULL, |s| JsValue::from_f64(f64::from(s))),
            );
            set("errorKind", JsValue::from_str(e.kind.as_str()));
            let msg = interop::error_value(e, shared.config.password.as_deref());
            set(
                "error",
                Reflect::get(&msg, &"message".into()).unwrap_or(JsValue::NULL),
            );
        }
    }
    if let Decision::RetryAfter(ms) = decision {
        set("retryInMs", JsValue::from_f64(ms.round()));
    }
    // A throwing hook must not break the request.
    let _ = hook.call1(&JsValue::UNDEFINED, &event);
}
