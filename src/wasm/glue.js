// What the wasm layer needs from the JavaScript host that Rust cannot do (or not without
// allocating a closure per call): a clock, abortable timers, linked abort controllers, the
// per-attempt abort controllers with their shared timeout timer, and racing a caller's
// promise against an abort. Each HTTP attempt itself (the Request, the fetch call, the
// capped body read, the failure) is src/wasm/transport.rs's.

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

/**
 * Settles as `promise` does, or rejects as soon as `signal` aborts (for a caller's fetch,
 * or a caller's Response, that ignores the signal).
 */
export function abortable(promise, signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error("aborted"));
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

/**
 * Calls the caller's `fetch` with the attempt's Request (fetch's one-argument form): a
 * promise whatever it does (a synchronous throw becomes a rejection), which also settles
 * when `signal` fires.
 */
export function callFetch(fetchFn, request, signal) {
  let started;
  try {
    started = fetchFn(request);
  } catch (e) {
    started = Promise.reject(e);
  }
  return abortable(started, signal);
}

/**
 * The abort controller of one attempt, following `outer` (optional), not yet armed: the
 * Request is built with its `signal` before the rate limit lets the attempt start. (Pooling
 * these controllers across attempts was measured: no difference in the fixed cost of a
 * call that rose above the noise, so each attempt has its own.)
 */
export function takeAttempt(outer) {
  const controller = new AbortController();
  const entry = { controller, signal: controller.signal, why: null, deadline: 0, outer: null, onOuter: null };
  if (outer) {
    if (outer.aborted) {
      controller.abort();
    } else {
      entry.outer = outer;
      entry.onOuter = () => controller.abort();
      outer.addEventListener("abort", entry.onOuter, { once: true });
    }
  }
  return entry;
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

/** Arms the attempt's timeout (which covers reading the body too), as it starts. */
export function armAttempt(entry, timeoutMs) {
  if (!(timeoutMs > 0)) return;
  entry.deadline = performance.now() + timeoutMs;
  waiting.add(entry);
  if (entry.deadline < timerAt) schedule(entry.deadline);
  else if (timer !== null && typeof timer.ref === "function") timer.ref();
}

/**
 * Ends an attempt: disarms its timeout and stops following the outer signal (so a long-lived
 * signal keeps no listener per attempt). Returns why its signal fired: "timeout",
 * "aborted" (the outer signal), or null (it did not).
 */
export function endAttempt(entry) {
  if (waiting.delete(entry) && waiting.size === 0 && timer !== null && typeof timer.unref === "function") {
    timer.unref();
  }
  if (entry.onOuter) entry.outer.removeEventListener("abort", entry.onOuter);
  return entry.why ?? (entry.controller.signal.aborted ? "aborted" : null);
}
