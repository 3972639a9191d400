//! Sending one request through `fetch` (the global one, or the caller's), with the
//! client's rate limit, per-request timeout, abort signal, retries and `onRequest` hook.
//! Every decision (what to retry, how long to wait) is the core's. This file owns each
//! attempt: one `Request` built from the core's [`request::build`] (never read from the HTTP
//! cache), the rate-limit window granted at the moment `fetch` is called, the answer's body
//! read with its size cap ([`body::read`]) under the timeout, and a typed [`Failure`].
//! `glue.js` lends each attempt a pooled abort controller and the shared timeout timer.

use super::body::{self, Body, Message};
use super::shared::Shared;
use crate::core::call::Call;
use crate::core::delivery::Fetched;
use crate::core::error::{Error, Kind};
use crate::core::request::{self, HttpRequest};
use crate::core::response;
use crate::core::retry::{self, Decision, Outcome, Policy, Replay};
use crate::core::types::RequestEvent;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestCache, RequestInit};

#[wasm_bindgen(module = "/src/wasm/glue.js")]
extern "C" {
    fn sleep(ms: f64, signal: Option<AbortSignal>) -> Promise;
    /// A monotonic clock with sub-millisecond resolution (`performance.now()`).
    fn now() -> f64;
    /// Calls the `onRequest` hook; a throw or a rejected promise from it is ignored.
    #[wasm_bindgen(js_name = callHook)]
    fn call_hook(hook: &Function, event: &JsValue);
    fn linked(outer: Option<AbortSignal>) -> AbortController;
    /// The pooled abort controller of one attempt.
    type Attempt;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &Attempt) -> AbortSignal;
    /// Takes an attempt's controller, linked to `outer`, not yet armed.
    #[wasm_bindgen(js_name = takeAttempt)]
    fn take_attempt(outer: Option<AbortSignal>) -> Attempt;
    /// Arms the attempt's timeout, as it starts.
    #[wasm_bindgen(js_name = armAttempt)]
    fn arm_attempt(attempt: &Attempt, timeout_ms: f64);
    /// Ends an attempt; says why its signal fired ("timeout", "aborted"), if it did.
    #[wasm_bindgen(js_name = endAttempt)]
    fn end_attempt(attempt: &Attempt) -> Option<String>;
    /// Calls the caller's `fetch` with the request; a promise whatever it does, which also
    /// settles when `signal` fires.
    #[wasm_bindgen(js_name = callFetch)]
    fn call_fetch(fetch: &Function, request: &web_sys::Request, signal: &AbortSignal) -> Promise;
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
    if error.settled {
        return Outcome::Other(error.kind);
    }
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
        // A shared limiter (`rateLimit: limiter`) first: it may wait.
        super::gate::pass(shared, signal).await?;
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(aborted());
        }
        let attempt = take_attempt(signal.cloned());
        let began = now();
        let result = perform(shared, &http, signal, &attempt).await;
        let why = end_attempt(&attempt);
        let result = result.map_err(|f| f.into_error(why.as_deref(), shared));
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

/// The one `Request` of an attempt (never answered from the HTTP cache), aborted by
/// `signal`. gloo-net's builder would make two (one only to resolve the URL, which the core
/// already built absolute), so the request is made here and handed to gloo-net to send.
fn make_request(http: &HttpRequest, signal: &AbortSignal) -> Result<web_sys::Request, Error> {
    let init = RequestInit::new();
    init.set_method(http.method.as_str());
    let headers = js_sys::Array::new();
    for (name, value) in &http.headers {
        headers.push(&js_sys::Array::of2(
            &JsValue::from_str(name),
            &JsValue::from_str(value),
        ));
    }
    init.set_headers(&headers);
    if let Some(body) = &http.body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_cache(RequestCache::NoStore);
    init.set_signal(Some(signal));
    web_sys::Request::new_with_str_and_init(&http.url, &init).map_err(|e| {
        // The error names the URL at most, never a header value.
        Error::new(
            Kind::InvalidArgument,
            format!(
                "the request could not be built ({}); check baseUrl and headers",
                describe(&e)
            ),
        )
    })
}

/// How an attempt failed.
enum Failure {
    /// The request could not be built (reported as it is, nothing was sent).
    Built(Error),
    /// The answer came and is an error (a status the core refused).
    Answer(Error),
    /// The body is larger than `maxResponseBytes` (announced or seen).
    TooLarge(u64),
    /// The caller's `fetch` resolved to something that is not a `Response`.
    NotAResponse,
    /// The caller's signal fired while the attempt waited for the rate limit.
    Aborted,
    /// `fetch` or the body read failed in JavaScript (or the attempt's signal fired).
    Js(JsValue),
}

impl Failure {
    /// The error of the attempt; `why` says why its signal fired, if it did.
    fn into_error(self, why: Option<&str>, shared: &Shared) -> Error {
        match (self, why) {
            (Failure::Built(e) | Failure::Answer(e), _) => e,
            (Failure::Aborted, _) | (_, Some("aborted")) => aborted(),
            (_, Some("timeout")) => Error::new(
                Kind::Timeout,
                format!(
                    "no complete answer within timeoutMs ({} ms)",
                    shared.config.timeout_ms
                ),
            ),
            (Failure::TooLarge(n), _) => response::check_size(n, shared.config.max_response_bytes)
                .err()
                .unwrap_or_else(|| Error::new(Kind::Decode, "the response is too large")),
            (Failure::NotAResponse, _) => Error::new(
                Kind::Network,
                "the fetch function did not resolve to a Response",
            ),
            (Failure::Js(e), _) => {
                let detail: String = describe(&e).chars().take(300).collect();
                Error::new(
                    Kind::Network,
                    format!(
                        "the request failed: {detail}. Check the network connection and baseUrl"
                    ),
                )
            }
        }
    }
}

/// A JavaScript error in words: its message, and its cause's code (Node's fetch puts
/// `ECONNREFUSED` and the like there).
fn describe(e: &JsValue) -> String {
    let text = |v: &JsValue| v.as_string().filter(|s| !s.is_empty());
    let field = |v: &JsValue, k: &str| Reflect::get(v, &JsValue::from_str(k)).unwrap_or_default();
    let mut message = if e.is_object() {
        text(&field(e, "message"))
    } else {
        None
    }
    .or_else(|| e.as_string())
    .unwrap_or_else(|| String::from(js_sys::JsString::from(e.clone())));
    let cause = if e.is_object() {
        field(e, "cause")
    } else {
        JsValue::UNDEFINED
    };
    if cause.is_object() {
        if let Some(code) = text(&field(&cause, "code")).or_else(|| text(&field(&cause, "message")))
        {
            if !message.contains(&code) {
                message.push_str(&format!(" ({code})"));
            }
        }
    }
    message
}

/// Whether `v` has a Response's shape (a caller's `fetch` may use another library's).
fn is_response(v: &JsValue) -> bool {
    let field = |k: &str| Reflect::get(v, &JsValue::from_str(k)).unwrap_or_default();
    v.is_object() && field("status").as_f64().is_some() && field("headers").is_object()
}

/// One attempt: builds its request, waits for the rate limit, sends the request, reads the
/// answer; `Ok` for a 2xx status.
async fn perform(
    shared: &Shared,
    http: &HttpRequest,
    outer: Option<&AbortSignal>,
    attempt: &Attempt,
) -> Result<(u16, Fetched), Failure> {
    let signal = attempt.signal();
    // Built before the window is asked: making a Request can take milliseconds (Node loads
    // its fetch on first use), and the window must count the moment fetch is called.
    let request = make_request(http, &signal).map_err(Failure::Built)?;
    let place = loop {
        if outer.is_some_and(AbortSignal::aborted) {
            return Err(Failure::Aborted);
        }
        match shared.try_start(now()) {
            Ok(ticket) => break Place { shared, ticket },
            Err(wait_ms) => {
                if wait(wait_ms.max(1.0), outer).await.is_err() {
                    return Err(Failure::Aborted);
                }
            }
        }
    };
    arm_attempt(attempt, shared.config.timeout_ms as f64);
    let fetched: Result<(Message, Option<&AbortSignal>), Failure> = async {
        Ok(match &shared.fetch {
            Some(fetch) => {
                let v = JsFuture::from(call_fetch(fetch, &request, &signal))
                    .await
                    .map_err(Failure::Js)?;
                if !is_response(&v) {
                    return Err(Failure::NotAResponse);
                }
                (v.unchecked_into(), Some(&signal))
            }
            None => {
                let response = gloo_net::http::Request::from(request)
                    .send()
                    .await
                    .map_err(|e| Failure::Js(JsValue::from_str(&e.to_string())))?;
                let raw: web_sys::Response = response.into();
                (raw.unchecked_into(), None)
            }
        })
    }
    .await;
    // The server has seen the request by now: its place in the window frees from here.
    drop(place);
    let (response, guard): (Message, Option<&AbortSignal>) = fetched?;
    let raw: &web_sys::Response = response.unchecked_ref();
    let status = raw.status();
    let headers = raw.headers();
    let header = |name: &str| headers.get(name).ok().flatten();
    let body = match body::read(&response, shared.config.max_response_bytes, guard)
        .await
        .map_err(Failure::Js)?
    {
        Body::Bytes(bytes) => bytes,
        Body::TooLarge(n) => return Err(Failure::TooLarge(n)),
    };
    let config = &shared.config;
    response::check_status_of(
        status,
        header("retry-after").as_deref(),
        &body,
        js_sys::Date::now(),
        config.password.is_some() || config.username.is_some(),
    )
    .map_err(Failure::Answer)?;
    let content_type = header("content-type");
    Ok((status, Fetched { body, content_type }))
}

/// A request's place in the rate-limit window, freed (from the moment it is dropped) once
/// the request's answer or failure came, or the attempt was dropped.
struct Place<'a> {
    shared: &'a Shared,
    ticket: Option<u64>,
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        self.shared.finish(self.ticket, now());
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
    let (status, bytes, error_kind, error) = match result {
        Ok((status, fetched)) => (Some(*status), Some(fetched.body.len() as u64), None, None),
        Err(e) => (
            e.status,
            None,
            Some(e.kind),
            Some(shared.secret.mask(&e.message).into_owned()),
        ),
    };
    let event = RequestEvent {
        cmd: call.cmd.clone(),
        method: call.method.into(),
        url: shared.secret.mask(url).into_owned(),
        start,
        attempt: retries + 1,
        status,
        duration_ms: duration_ms.round(),
        bytes,
        error_kind,
        error,
        retry_in_ms: match decision {
            Decision::RetryAfter(ms) => Some(ms.round()),
            Decision::GiveUp => None,
        },
        cache_op: None,
    };
    // serde_json's serializer is in the module already (pages are written with it); one
    // JSON.parse per event is cheaper in size than a second serializer.
    serde_json::to_string(&event)
        .ok()
        .and_then(|json| js_sys::JSON::parse(&json).ok())
        .unwrap_or(JsValue::NULL)
}
