//! Reading an HTTP body with a size cap: the one reader of the client (each attempt's
//! answer) and of `fourws/proxy` (request bodies and upstream answers), exported to
//! JavaScript as `readCapped`.

use js_sys::{Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Headers, ReadableStream, ReadableStreamDefaultReader};

#[wasm_bindgen(module = "/src/wasm/glue.js")]
extern "C" {
    fn abortable(promise: &Promise, signal: &AbortSignal) -> Promise;
}

/// A `Request` or a `Response`: what has headers and a body (structural, so a caller's
/// `fetch` may answer with another library's `Response`).
#[wasm_bindgen]
extern "C" {
    /// A `Request` or a `Response`.
    #[wasm_bindgen(typescript_type = "Request | Response")]
    pub type Message;
    #[wasm_bindgen(method, getter)]
    fn headers(this: &Message) -> Option<Headers>;
    #[wasm_bindgen(method, getter)]
    fn body(this: &Message) -> Option<ReadableStream>;
    #[wasm_bindgen(method, catch, js_name = arrayBuffer)]
    fn array_buffer(this: &Message) -> Result<Promise, JsValue>;
}

/// What a capped read gives.
pub enum Body {
    /// The whole body.
    Bytes(Vec<u8>),
    /// More than the cap: the announced length, or the bytes seen when the read stopped.
    /// The rest was not read (the stream is cancelled).
    TooLarge(u64),
}

/// The `Content-Length` a message announces, if any.
fn announced(message: &Message) -> Option<u64> {
    let value = message.headers()?.get("content-length").ok()??;
    value.trim().parse().ok()
}

/// Awaits `promise`, or fails as soon as `guard` aborts (when given).
async fn settle(promise: Promise, guard: Option<&AbortSignal>) -> Result<JsValue, JsValue> {
    match guard {
        Some(signal) => JsFuture::from(abortable(&promise, signal)).await,
        None => JsFuture::from(promise).await,
    }
}

/// Cancels a stream without waiting, ignoring how that ends.
fn cancel(stream: Option<ReadableStream>) {
    if let Some(stream) = stream {
        let done = stream.cancel();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(done).await;
        });
    }
}

/// Reads the body of `message`, refusing more than `max` bytes without reading them all.
/// `guard`: an abort signal the read must also end on (for a caller's `Response`, which may
/// ignore its request's signal). A failure is the JavaScript error of the read.
pub async fn read(
    message: &Message,
    max: u64,
    guard: Option<&AbortSignal>,
) -> Result<Body, JsValue> {
    let announced = announced(message);
    if let Some(n) = announced.filter(|&n| n > max) {
        cancel(message.body());
        return Ok(Body::TooLarge(n));
    }
    let stream = match message.body() {
        Some(stream) if announced.is_none_or(|n| n == 0) => stream,
        // A known length (or no body): one arrayBuffer() is the cheapest read.
        _ => {
            let buffer = settle(message.array_buffer()?, guard).await?;
            let bytes = Uint8Array::new(&buffer);
            let len = u64::from(bytes.length());
            if len > max {
                return Ok(Body::TooLarge(len));
            }
            return Ok(Body::Bytes(bytes.to_vec()));
        }
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut out: Vec<u8> = Vec::new();
    let done_key = JsValue::from_str("done");
    let value_key = JsValue::from_str("value");
    loop {
        let step = settle(reader.read(), guard).await?;
        if Reflect::get(&step, &done_key)?.is_truthy() {
            return Ok(Body::Bytes(out));
        }
        let chunk: Uint8Array = Reflect::get(&step, &value_key)?.unchecked_into();
        let at = out.len();
        let size = at as u64 + u64::from(chunk.length());
        if size > max {
            let cancelled = reader.cancel();
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(cancelled).await;
            });
            return Ok(Body::TooLarge(size));
        }
        out.resize(size as usize, 0);
        chunk.copy_to(&mut out[at..]);
    }
}

/// Reads the body of a `Request` or `Response` into bytes, at most `maxBytes` of it: resolves
/// to `null` (the rest unread, the stream cancelled) when the body announces or sends more;
/// rejects with the stream's own error when reading fails. The one capped reader of the
/// package: the client reads every answer with it, `fourws/proxy` its request and upstream
/// bodies.
#[wasm_bindgen(js_name = readCapped)]
pub async fn read_capped(message: Message, max_bytes: f64) -> Result<Option<Uint8Array>, JsValue> {
    let max = if max_bytes.is_finite() && max_bytes >= 0.0 {
        max_bytes as u64
    } else {
        u64::MAX
    };
    Ok(match read(&message, max, None).await? {
        Body::Bytes(bytes) => Some(Uint8Array::from(bytes.as_slice())),
        Body::TooLarge(_) => None,
    })
}
