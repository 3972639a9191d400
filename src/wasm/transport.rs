//! Sending one request through `fetch` (the global one, or the caller's), with the
//! client's rate limit, per-request timeout, abort signal, retries and `onRequest` hook.
//! Every decision (what to retry, how long to wait) is the core's; this file only waits
//! and performs. Each attempt is a gloo-net `Request` built from the core's
//! [`request::build`]; `glue.js` lends it a pooled abort controller (armed with the
//! timeout, which also covers reading the body) and reads the body with its size cap.

use super::shared::Shared;
use crate::core::call::Call;
use crate::core::delivery::Fetched;
use crate::core::endpoint::Method;
use crate::core::error::{Error, Kind};
use crate::core::request::{self, HttpRequest};
use crate::core::response;
use crate::core::retry::{self, Decision, Outcome, Policy, Replay};
use gloo_net::http::Request;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

#[wasm_bindgen(module = "/src/wasm/glue.js")]
extern "C" {
    fn sleep(ms: f64, signal: Option<AbortSignal>) -> Promise;
    /// A monotonic clock with sub-millisecond resolution (`performance.now()`).
    fn now() -> f64;
    /// Calls the `onRequest` hook; a throw or a rejected promise from it is ignored.
    #[wasm_bindgen(js_name = callHook)]
    fn call_hook(hook: &Function, event: &JsValue);
    fn linked(outer: Option<AbortSignal>) -> AbortController;
    /// A pooled abort controller for one attempt, linked to `outer`, armed with the timeout.
    #[wasm_bindgen(js_name = beginAttempt)]
    fn begin_attempt(outer: Option<AbortSignal>, timeout_ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = attemptSignal)]
    fn attempt_signal(entry: &JsValue) -> AbortSignal;
    /// Calls the caller's `fetch` with the request; a promise whatever it does.
    #[wasm_bindgen(js_name = callFetch)]
    fn call_fetch(fetch: &Function, request: &web_sys::Request, entry: &JsValue) -> Promise;
    /// Reads the body of `response` (at most `max_bytes`) into
    /// `[status, retryAfter, bytes, contentType]`.
    #[wasm_bindgen(js_name = readResponse)]
    fn read_response(response: &JsValue, max_bytes: f64, entry: &JsValue) -> Promise;
    /// Ends an attempt: disarms its timeout, gives its controller back; for a failure,
    /// returns `[kind, detail]`.
    #[wasm_bindgen(js_name = endAttempt)]
    fn end_attempt(entry: &JsValue, error: &JsValue) -> JsValue;
}

/// An `AbortController` that also aborts when `outer` does.
pub fn linked_controller(outer: Option<&AbortSignal>) -> AbortController {
    linked(outer.cloned())
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

fn outcome_of(error: &Error) -> Outcome {
    match (error.kind, error.status) {
        (_, Some(status)) => Outcome::Status(status),
        (Kind::Network, _) => Outcome::Network,
        (Kind::Timeout, _) => Outcome::Timeout,
        (kind, _) => Outcome::Other(kind),
    }
}

/// Sends `call` at `start` (with retries) and returns the body of the 2xx answer.
/// `replay` says which failures may be sent again once the request may have reached the
/// server (the retry rule itself is [`retry::decide`]).
pub async fn send(
    shared: &Shared,
    call: &Call,
    start: Option<u64>,
    signal: Option<&AbortSignal>,
    replay: Replay,
) -> Result<Fetched, Error> {
    let http = request::build(&shared.config, call, start);
    let policy = Policy {
        max_retries: shared.config.max_retries,
        max_retry_after_ms: shared.config.max_retry_after_ms,
        replay,
    };
    let mut retries = 0;
    loop {
        // A shared limiter first (it may wait), so that the window below still grants
        // the start right before `fetch`.
        super::gate::pass(shared, signal).await?;
        // The rate-limit window counts the moment `fetch` is called: `perform` calls it
        // synchronously right after the window granted the start.
        loop {
            if signal.is_some_and(AbortSignal::aborted) {
                return Err(aborted());
            }
            match shared.try_start(now()) {
                Ok(()) => break,
                Err(wait_ms) => wait(wait_ms.max(1.0), signal).await?,
            }
        }
        let began = now();
        let result = perform(shared, &http, signal).await;
        let decision = match &result {
            Ok(_) => Decision::GiveUp,
            Err(e) => retry::decide(
                outcome_of(e),
                e.retry_after_ms,
                retries,
                &policy,
                js_sys::Math::random(),
            ),
        };
        if let Some(hook) = &shared.on_request {
            let event = report(
                shared,
                call,
                &http.url,
                start,
                retries,
                &result,
                now() - began,
                decision,
            );
            call_hook(hook, &event);
        }
        match (result, decision) {
            (Ok((_, fetched)), _) => return Ok(fetched),
            (Err(e), Decision::GiveUp) => return Err(gave_up(e, retries, &policy)),
            (Err(_), Decision::RetryAfter(ms)) => {
                wait(ms, signal).await?;
                retries += 1;
            }
        }
    }
}

/// Adds to a final error how often the request was tried, or why it was not retried.
fn gave_up(mut e: Error, retries: u64, policy: &Policy) -> Error {
    let outcome = outcome_of(&e);
    let note = if retries > 0 {
        format!(" (tried {} times)", retries + 1)
    } else if retry::is_retryable(outcome, Replay::Any)
        && !retry::is_retryable(outcome, policy.replay)
    {
        " (not retried: the request may have changed data on the server, and sending it \
         again could do so twice)"
            .to_owned()
    } else {
        String::new()
    };
    if !note.is_empty() {
        let dot = e.message.ends_with('.');
        if dot {
            e.message.pop();
        }
        e.message.push_str(&note);
        e.message.push('.');
    }
    e
}

/// The gloo-net request of one attempt, aborted by `signal`.
fn gloo_request(http: &HttpRequest, signal: &AbortSignal) -> Result<Request, Error> {
    let mut builder = match http.method {
        Method::Get => Request::get(&http.url),
        Method::Post => Request::post(&http.url),
    };
    for (name, value) in &http.headers {
        builder = builder.header(name, value);
    }
    builder = builder.abort_signal(Some(signal));
    let built = match &http.body {
        Some(body) => builder.body(body.as_str()),
        None => builder.build(),
    };
    built.map_err(|e| {
        // The error names the URL at most, never a header value.
        Error::new(
            Kind::InvalidArgument,
            format!("the request could not be built ({e}); check baseUrl and headers"),
        )
    })
}

/// One attempt: sends the request, reads the answer; `Ok` for a 2xx status.
async fn perform(
    shared: &Shared,
    http: &HttpRequest,
    outer: Option<&AbortSignal>,
) -> Result<(u16, Fetched), Error> {
    if outer.is_some_and(AbortSignal::aborted) {
        return Err(aborted());
    }
    let entry = begin_attempt(outer.cloned(), shared.config.timeout_ms as f64);
    let done = async {
        let request = gloo_request(http, &attempt_signal(&entry)).inspect_err(|_| {
            // Not an attempt that reached the network: end it, report as it is.
            end_attempt(&entry, &JsValue::NULL);
        })?;
        let response: JsValue = match &shared.fetch {
            Some(fetch) => {
                let raw: web_sys::Request = request.into();
                JsFuture::from(call_fetch(fetch, &raw, &entry))
                    .await
                    .map_err(Failure::Js)?
            }
            None => {
                let response = request
                    .send()
                    .await
                    .map_err(|e| Failure::Gloo(e.to_string()))?;
                web_sys::Response::from(response).into()
            }
        };
        JsFuture::from(read_response(
            &response,
            shared.config.max_response_bytes as f64,
            &entry,
        ))
        .await
        .map_err(Failure::Js)
    }
    .await;
    let parts: Array = match done {
        Ok(v) => {
            end_attempt(&entry, &JsValue::UNDEFINED);
            v.unchecked_into()
        }
        Err(Failure::Built(e)) => return Err(e),
        Err(Failure::Js(e)) => return Err(attempt_error(shared, &end_attempt(&entry, &e))),
        Err(Failure::Gloo(detail)) => {
            let e = JsValue::from_str(&detail);
            return Err(attempt_error(shared, &end_attempt(&entry, &e)));
        }
    };
    let status = parts.get(0).as_f64().unwrap_or(0.0) as u16;
    let retry_after = parts.get(1).as_string();
    let body = parts.get(2).unchecked_into::<Uint8Array>().to_vec();
    response::check_status(status, retry_after.as_deref(), &body, js_sys::Date::now())?;
    let content_type = parts.get(3).as_string();
    Ok((status, Fetched { body, content_type }))
}

/// How an attempt failed before its answer was read.
enum Failure {
    /// The request could not be built (reported as it is).
    Built(Error),
    /// `fetch` or the body read failed in JavaScript.
    Js(JsValue),
    /// gloo-net's `send` failed (the global `fetch` rejected).
    Gloo(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Built(e)
    }
}

fn attempt_error(shared: &Shared, e: &JsValue) -> Error {
    let parts: Option<&Array> = e.dyn_ref::<Array>();
    let kind = parts.and_then(|p| p.get(0).as_string()).unwrap_or_default();
    let detail = parts.and_then(|p| p.get(1).as_string()).unwrap_or_default();
    match kind.as_str() {
        "aborted" => aborted(),
        "timeout" => Error::new(
            Kind::Timeout,
            format!(
                "no complete answer within timeoutMs ({} ms)",
                shared.config.timeout_ms
            ),
        ),
        "too-large" => {
            let n = detail.parse::<u64>().unwrap_or(u64::MAX);
            response::check_size(n, shared.config.max_response_bytes)
                .err()
                .unwrap_or_else(|| Error::new(Kind::Decode, "the response is too large"))
        }
        "not-a-response" => Error::new(
            Kind::Network,
            "the fetch function did not resolve to a Response",
        ),
        _ => {
            let detail: String = detail.chars().take(300).collect();
            Error::new(
                Kind::Network,
                format!("the request failed: {detail}. Check the network connection and baseUrl"),
            )
        }
    }
}

/// The `onRequest` event of one attempt (never credentials; texts masked).
#[allow(clippy::too_many_arguments)]
fn report(
    shared: &Shared,
    call: &Call,
    url: &str,
    start: Option<u64>,
    retries: u64,
    result: &Result<(u16, Fetched), Error>,
    duration_ms: f64,
    decision: Decision,
) -> JsValue {
    let event = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&event, &JsValue::from_str(k), &v);
    };
    set("cmd", JsValue::from_str(&call.cmd));
    set("method", JsValue::from_str(call.method.as_str()));
    set("url", JsValue::from_str(&shared.secret.mask(url)));
    set(
        "start",
        start.map_or(JsValue::NULL, |s| JsValue::from_f64(s as f64)),
    );
    set("attempt", JsValue::from_f64((retries + 1) as f64));
    set("durationMs", JsValue::from_f64(duration_ms.round()));
    match result {
        Ok((status, fetched)) => {
            set("status", JsValue::from_f64(f64::from(*status)));
            set("bytes", JsValue::from_f64(fetched.body.len() as f64));
            set("errorKind", JsValue::NULL);
        }
        Err(e) => {
            set(
                "status",
                e.status
                    .map_or(JsValue::NULL, |s| JsValue::from_f64(f64::from(s))),
            );
            set("errorKind", JsValue::from_str(e.kind.as_str()));
            set("error", JsValue::from_str(&shared.secret.mask(&e.message)));
        }
    }
    if let Decision::RetryAfter(ms) = decision {
        set("retryInMs", JsValue::from_f64(ms.round()));
    }
    event.into()
}
