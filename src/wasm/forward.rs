//! `RawForwarder`: the core's side of the server-side proxy (`fourws/proxy`). It holds the
//! account's options, checked by the same rules as `new Client` (one credentials type),
//! checks each call a page asks it to forward, builds the upstream request with the
//! client's request builder, keeps the per-caller rate limit of one process, and masks the
//! password in what goes back, as the page will read it.

use super::interop;
use super::options;
use crate::core::forward::{self, Forward, Upstream};
use crate::core::keyed_limit::Keyed;
use crate::core::masked_answer;
use crate::core::options::ClientConfig;
use crate::core::rate_limit::account_key;
use crate::core::response;
use crate::core::secret::Secret;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// The core's side of one proxy.
#[wasm_bindgen]
pub struct RawForwarder {
    config: ClientConfig,
    secret: Secret,
    callers: RefCell<Option<Keyed>>,
}

fn pairs(query: Vec<String>) -> Vec<(String, String)> {
    query
        .chunks(2)
        .map(|kv| {
            (
                kv.first().cloned().unwrap_or_default(),
                kv.get(1).cloned().unwrap_or_default(),
            )
        })
        .collect()
}

#[wasm_bindgen]
impl RawForwarder {
    /// Checks the account's options (`baseUrl`, `applicationId`, the credentials,
    /// `languageId`, `loadRoles`, `timeoutMs`, `maxResponseBytes`, `rateLimit`) exactly as
    /// `new Client` does; throws the error object of an `invalidArgument` error.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<RawForwarder, JsValue> {
        let parts = options::client(&options).map_err(|(e, password)| {
            interop::error_value(&e.masked(&Secret::new(password.as_deref(), None)))
        })?;
        let config = parts.config;
        let secret = Secret::new(config.password.as_deref(), config.username.as_deref());
        let callers = config.rate_limit.map(Keyed::new);
        Ok(RawForwarder {
            config,
            secret,
            callers: RefCell::new(callers),
        })
    }

    fn checked(
        &self,
        method: &str,
        query: Vec<String>,
        body: &str,
        systems: &[String],
    ) -> Result<Forward, JsValue> {
        // Not masked: the check never sees the account, so its refusal holds only fixed
        // wording and what the caller sent, which goes back to the caller as sent (masking
        // it would answer "***" exactly when a guess is the password: found by the
        // storefront user test). The proxy masks it for its log.
        forward::check(method, &pairs(query), body, systems).map_err(|e| interop::error_value(&e))
    }

    /// Checks one call: `method`, the query as flat `[name, value, ...]` (decoded, in
    /// order), the body's text and the systems whose incremental exports are allowed.
    /// Returns the normalised call as JSON (`{"cmd","method","query":{..},"body":..}`);
    /// throws the error object of an `invalidArgument` error with `status` 400, 403 or 405.
    pub fn check(
        &self,
        method: &str,
        query: Vec<String>,
        body: &str,
        systems: Vec<String>,
    ) -> Result<String, JsValue> {
        self.checked(method, query, body, &systems)
            .map(|f| f.to_json())
    }

    /// The upstream request of a call (checked again, once), with the values its caller
    /// chose (query values, the body's strings), which an answer gives back as sent: the
    /// JSON of [`Upstream`] (`{"url","body","headers":[[name, value], ...],"kept":[...]}`),
    /// the headers being the client's own for this account.
    pub fn request(
        &self,
        method: &str,
        query: Vec<String>,
        body: &str,
        systems: Vec<String>,
    ) -> Result<String, JsValue> {
        let f = self.checked(method, query, body, &systems)?;
        let kept = f.values();
        let http = f.request(&self.config);
        Ok(Upstream {
            url: &http.url,
            body: http.body.as_deref(),
            headers: &http.headers,
            kept: &kept,
        }
        .to_json())
    }

    /// The masked answer as `[body, contentType]`, or `undefined` when `body` passes as is.
    #[wasm_bindgen(js_name = maskAnswer)]
    pub fn mask_answer(&self, body: &[u8], kept: Vec<String>) -> Option<Vec<String>> {
        masked_answer::mask(body, &self.secret, &kept).map(|m| vec![m.body, m.content_type.into()])
    }

    /// Why an answer cannot be passed back because it cannot be checked for the password
    /// (a charset the core cannot read, such as UTF-16, declared or given away by a
    /// byte-order mark or NUL bytes), or `undefined` when it can.
    #[wasm_bindgen(js_name = unreadableAnswer)]
    pub fn unreadable_answer(&self, content_type: Option<String>, body: &[u8]) -> Option<String> {
        masked_answer::unreadable(content_type.as_deref(), body)
    }

    /// For the proxy's log: what a 4WS answer that is not 2xx means, in the client's own
    /// words and advice (the server's message, then what to check), the password masked;
    /// `undefined` for a 2xx answer.
    #[wasm_bindgen(js_name = answerProblem)]
    pub fn answer_problem(&self, status: u16, body: &[u8]) -> Option<String> {
        response::check_status(status, None, body, 0.0)
            .err()
            .map(|e| self.secret.mask(&e.message).into_owned())
    }

    /// `text` with the password masked (outside the values the caller sent).
    #[wasm_bindgen(js_name = maskText)]
    pub fn mask_text(&self, text: &str, kept: Vec<String>) -> String {
        self.secret.mask_except(text, &kept).into_owned()
    }

    /// Starts a call of the caller `key` at `now` under `rateLimit: { maxCalls, perMs }`:
    /// 0, or the milliseconds to wait (always 0 without such a limit).
    pub fn take(&self, key: &str, now: f64) -> f64 {
        match self.callers.borrow_mut().as_mut() {
            Some(k) => k.take(key, now),
            None => 0.0,
        }
    }

    /// The key of this account in a shared limiter (the same as the client's).
    #[wasm_bindgen(js_name = accountKey)]
    pub fn account_key(&self) -> String {
        account_key(&self.config)
    }

    /// The per-request timeout (the client's `timeoutMs` rule and default).
    #[wasm_bindgen(js_name = timeoutMs)]
    pub fn timeout_ms(&self) -> f64 {
        self.config.timeout_ms as f64
    }

    /// The largest answer read (the client's `maxResponseBytes` rule and default).
    #[wasm_bindgen(js_name = maxResponseBytes)]
    pub fn max_response_bytes(&self) -> f64 {
        self.config.max_response_bytes as f64
    }
}

/// The HTTP method of a 4WS command the proxy can check, or `undefined` for any other.
#[wasm_bindgen(js_name = forwardMethod)]
pub fn forward_method(cmd: &str) -> Option<String> {
    forward::endpoint_of(cmd).map(|e| e.method.as_str().to_owned())
}
