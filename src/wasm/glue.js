// The few things the wasm layer needs from the JavaScript host that are simpler, faster
// and safer to write in JavaScript: one HTTP attempt (fetch, timeout, abort, size-limited
// body), abortable timers, linked abort controllers.

/** A monotonic clock with sub-millisecond resolution. */
export function now() {
  return performance.now();
}

/** Calls a logging hook; neither a throw nor a rejected promise from it escapes. */
export function callHook(hook, event) {
  try {
    const r = hook(event);
    if (r !== null && typeof r === "object" && typeof r.then === "function") {
      r.then(undefined, () => {});
    }
  } catch {}
}

/** Resolves after `ms`, or rejects with "aborted" as soon as `signal` aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject("aborted");
    const onAbort = () => {
      clearTimeout(timer);
      reject("aborted");
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * An AbortController that also aborts when `outer` (optional) aborts. The listener on
 * `outer` is removed when the controller aborts, so short-lived controllers leave nothing
 * behind on a long-lived signal (unlike AbortSignal.any, which keeps a WeakRef per call).
 */
export function linked(outer) {
  const c = new AbortController();
  if (outer) {
    if (outer.aborted) {
      c.abort();
    } else {
      const onOuter = () => c.abort();
      outer.addEventListener("abort", onOuter, { once: true });
      c.signal.addEventListener("abort", () => outer.removeEventListener("abort", onOuter), { once: true });
    }
  }
  return c;
}

function abortable(promise, signal) {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(promise).then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

function describe(e) {
  let message = e && typeof e.message === "string" ? e.message : String(e);
  const code = e && e.cause && (e.cause.code || e.cause.message);
  if (code && !message.includes(code)) message += ` (${code})`;
  return message;
}

// Creating an AbortSignal is among the dearest things a request does in Node (it is a
// "transferable" object), so attempts reuse controllers: each in-flight attempt takes one
// from the pool of its outer signal and gives it back when it settles, unless it fired.
// A controller is retired after REUSES attempts, so that the abort listeners fetch adds to
// it (removed only when its requests are garbage-collected) never pile up.
const REUSES = 64;
const pools = new WeakMap();
const noOuter = [];

function takeController(outer) {
  let pool = noOuter;
  if (outer) {
    pool = pools.get(outer);
    if (!pool) pools.set(outer, (pool = []));
  }
  let entry = pool.pop();
  while (entry && entry.controller.signal.aborted) entry = pool.pop();
  if (!entry) entry = { controller: linked(outer), why: null, uses: 0, pool };
  entry.why = null;
  entry.uses++;
  return entry;
}

function giveBack(entry) {
  if (entry.controller.signal.aborted) return;
  if (entry.uses >= REUSES) {
    entry.why = "retired";
    entry.controller.abort(); // also drops its listener on the outer signal
    return;
  }
  entry.pool.push(entry);
}

// Per-attempt timeouts share one timer armed for the earliest deadline (a setTimeout and
// clearTimeout per request cost more than the rest of a small page's bookkeeping). The
// timer is unref'd in Node while no attempt is waiting, so it never keeps a process alive.
const waiting = new Set();
let timer = null;
let timerAt = Infinity;

function schedule(at) {
  if (timer !== null) clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(sweep, Math.max(0, at - performance.now()));
}

function sweep() {
  timer = null;
  timerAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (const entry of waiting) {
    if (entry.deadline <= now) {
      waiting.delete(entry);
      entry.why = "timeout";
      entry.controller.abort();
    } else if (entry.deadline < next) {
      next = entry.deadline;
    }
  }
  if (next < Infinity) schedule(next);
}

function arm(entry, timeoutMs) {
  if (!(timeoutMs > 0)) return;
  entry.deadline = performance.now() + timeoutMs;
  waiting.add(entry);
  if (entry.deadline < timerAt) schedule(entry.deadline);
  else if (timer !== null && typeof timer.ref === "function") timer.ref();
}

function disarm(entry) {
  if (!waiting.delete(entry)) return;
  if (waiting.size === 0 && timer !== null && typeof timer.unref === "function") timer.unref();
}

function classify(e, entry) {
  if (entry.why) return [entry.why, ""];
  // Aborted without a reason of ours: the outer signal fired (see linked()).
  if (entry.controller.signal.aborted) return ["aborted", ""];
  if (Array.isArray(e)) return e;
  if (typeof e === "string" && e.startsWith("too-large:")) return ["too-large", e.slice(10)];
  return ["network", describe(e)];
}

/**
 * Begins one HTTP attempt: a pooled controller linked to `outer`, armed with the timeout
 * (which covers the body too). The wasm side builds its gloo-net Request with the
 * controller's signal, then ends the attempt with endAttempt().
 */
export function beginAttempt(outer, timeoutMs) {
  const entry = takeController(outer);
  arm(entry, timeoutMs);
  return entry;
}

/** The signal of an attempt's controller. */
export function attemptSignal(entry) {
  return entry.controller.signal;
}

/**
 * Calls the caller's fetch with the attempt's Request (fetch's one-argument form). A
 * caller's fetch may ignore the signal: the promise also settles when the signal fires.
 */
export function callFetch(fetchFn, request, entry) {
  let started;
  try {
    started = Promise.resolve(fetchFn(request));
  } catch (e) {
    started = Promise.reject(e);
  }
  return abortable(started, entry.controller.signal);
}

/**
 * Reads a Response into [status, retryAfter | null, bytes, contentType | null], at most
 * `maxBytes` of body.
 */
export function readResponse(response, maxBytes, entry) {
  if (!response || typeof response.status !== "number" || !response.headers) {
    return Promise.reject(["not-a-response", ""]);
  }
  const read = readBody(response, maxBytes).then((bytes) => [
    response.status,
    response.headers.get("retry-after"),
    bytes,
    response.headers.get("content-type"),
  ]);
  return abortable(read, entry.controller.signal);
}

/**
 * Ends an attempt: disarms its timeout and gives its controller back. For a failure
 * (`error` not undefined), returns [kind, detail], kind one of "aborted", "timeout",
 * "network", "too-large", "not-a-response".
 */
export function endAttempt(entry, error) {
  disarm(entry);
  const reason = error === undefined ? null : classify(error, entry);
  giveBack(entry);
  return reason;
}

/**
 * Reads a response body as bytes, refusing more than `max` bytes without reading them
 * all. Rejects with "too-large:N" (N = bytes seen so far or announced).
 */
export function readBody(response, max) {
  const announced = Number(response.headers.get("content-length"));
  if (announced > max) {
    try {
      response.body?.cancel();
    } catch {}
    return Promise.reject("too-large:" + announced);
  }
  if (!response.body || announced > 0) {
    return response.arrayBuffer().then((buffer) => {
      if (buffer.byteLength > max) throw "too-large:" + buffer.byteLength;
      return new Uint8Array(buffer);
    });
  }
  return readStream(response.body, max);
}

async function readStream(stream, max) {
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      try {
        await reader.cancel();
      } catch {}
      throw "too-large:" + size;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
