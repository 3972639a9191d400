// The few things the wasm layer needs from the JavaScript host that are simpler, faster
// and safer to write in JavaScript: one HTTP attempt (fetch, timeout, abort, size-limited
// body), abortable timers, linked abort controllers.

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
 * One HTTP attempt: `fetch(url, init)` with a per-attempt timeout, aborted by `outer`,
 * reading at most `maxBytes` of body. Resolves to [status, retryAfter | null, bytes];
 * rejects with [kind, detail], kind one of "aborted", "timeout", "network", "too-large",
 * "not-a-response". `fetchFn` is the caller's fetch, or undefined for the global one.
 * (One call per attempt keeps the wasm boundary, and the per-call garbage, small.)
 */
export function attempt(fetchFn, url, method, headers, body, outer, timeoutMs, maxBytes) {
  if (outer && outer.aborted) return Promise.reject(["aborted", ""]);
  const entry = takeController(outer);
  const signal = entry.controller.signal;
  arm(entry, timeoutMs);
  const init = { method, headers, signal };
  if (body !== undefined) init.body = body;
  let started;
  try {
    started = fetchFn ? Promise.resolve(fetchFn(url, init)) : fetch(url, init);
  } catch (e) {
    started = Promise.reject(e);
  }
  let work = started.then((response) => {
    if (!response || typeof response.status !== "number" || !response.headers) {
      throw ["not-a-response", ""];
    }
    return readBody(response, maxBytes).then((bytes) => [
      response.status,
      response.headers.get("retry-after"),
      bytes,
    ]);
  });
  // A caller's fetch may ignore the signal: stop waiting when it fires.
  if (fetchFn) work = abortable(work, signal);
  return work.then(
    (result) => {
      disarm(entry);
      giveBack(entry);
      return result;
    },
    (e) => {
      disarm(entry);
      const reason = classify(e, entry);
      giveBack(entry);
      throw reason;
    },
  );
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
