// The few things the wasm layer needs from the JavaScript host that are simpler, faster
// and safer to write in JavaScript: one HTTP attempt (fetch, timeout, abort, size-limited
// body), abortable timers, linked abort controllers, and copying the caller's values.

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
  if (!entry) {
    entry = { controller: new AbortController(), why: null, uses: 0, pool };
    if (outer) {
      const onOuter = () => {
        entry.why = "aborted";
        entry.controller.abort();
      };
      outer.addEventListener("abort", onOuter, { once: true });
      entry.controller.signal.addEventListener("abort", () => outer.removeEventListener("abort", onOuter), {
        once: true,
      });
    }
  }
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

/**
 * One HTTP attempt: `fetch(url, init)` with a per-attempt timeout, aborted by `outer`,
 * reading at most `maxBytes` of body. Resolves to [status, retryAfter | null, bytes];
 * rejects with [kind, detail], kind one of "aborted", "timeout", "network", "too-large",
 * "not-a-response". `fetchFn` is the caller's fetch, or undefined for the global one.
 * (One call per attempt keeps the wasm boundary, and the per-call garbage, small.)
 */
export async function attempt(fetchFn, url, method, headers, body, outer, timeoutMs, maxBytes) {
  if (outer && outer.aborted) throw ["aborted", ""];
  const entry = takeController(outer);
  const signal = entry.controller.signal;
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          entry.why = "timeout";
          entry.controller.abort();
        }, timeoutMs)
      : undefined;
  try {
    const init = { method, headers, signal };
    if (body !== undefined) init.body = body;
    let response;
    if (fetchFn) {
      // A caller's fetch may ignore the signal: stop waiting when it fires.
      response = await abortable(fetchFn(url, init), signal);
    } else {
      response = await fetch(url, init);
    }
    if (!response || typeof response.status !== "number" || !response.headers) {
      throw ["not-a-response", ""];
    }
    const reading = readBody(response, maxBytes);
    const bytes = await (fetchFn ? abortable(reading, signal) : reading);
    return [response.status, response.headers.get("retry-after"), bytes];
  } catch (e) {
    if (entry.why) throw [entry.why, ""];
    if (Array.isArray(e)) throw e;
    if (typeof e === "string" && e.startsWith("too-large:")) throw ["too-large", e.slice(10)];
    throw ["network", describe(e)];
  } finally {
    clearTimeout(timer);
    giveBack(entry);
  }
}

/**
 * Reads a response body as bytes, refusing more than `max` bytes without reading them
 * all. Rejects with "too-large:N" (N = bytes seen so far or announced).
 */
export async function readBody(response, max) {
  const announced = Number(response.headers.get("content-length"));
  if (announced > max) {
    try { await response.body?.cancel(); } catch {}
    throw "too-large:" + announced;
  }
  if (!response.body || announced > 0) {
    const buf = new Uint8Array(await response.arrayBuffer());
    if (buf.length > max) throw "too-large:" + buf.length;
    return buf;
  }
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      try { await reader.cancel(); } catch {}
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

/**
 * Copies any value the caller passed into plain tagged tuples that the Rust side reads
 * without touching the caller's objects again, so that getters, proxies and exotic
 * objects can never throw through WebAssembly. Never throws.
 *   ["u"] undefined, ["z"] null, ["b", bool], ["n", number], ["s", string], ["d", ms],
 *   ["f"] function, ["g"] AbortSignal, ["a", [..]] array, ["o", [[key, ..], ..]] object,
 *   ["x", "a description"] anything else.
 */
export function sanitize(v, depth = 0) {
  try {
    switch (typeof v) {
      case "undefined":
        return ["u"];
      case "boolean":
        return ["b", v];
      case "number":
        return ["n", v];
      case "string":
        return ["s", v];
      case "function":
        return ["f"];
      case "symbol":
        return ["x", "a symbol"];
      case "bigint":
        return ["x", "a bigint"];
    }
    if (v === null) return ["z"];
    if (v instanceof Date) return ["d", v.getTime()];
    if (typeof AbortSignal !== "undefined" && v instanceof AbortSignal) return ["g"];
    if (depth >= 16) return ["x", "a too deeply nested value"];
    if (Array.isArray(v)) {
      if (v.length > 10000) return ["x", `an array of ${v.length} elements`];
      return ["a", Array.from(v, (x) => sanitize(x, depth + 1))];
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== null && proto !== Object.prototype) {
      const name = proto.constructor && proto.constructor.name;
      return ["x", `a ${typeof name === "string" && name ? name : "non-plain object"}`];
    }
    const keys = Object.keys(v);
    if (keys.length > 10000) return ["x", `an object of ${keys.length} properties`];
    return ["o", keys.map((k) => [k, readProperty(v, k, depth + 1)])];
  } catch (e) {
    return ["x", "a value that cannot be read (its getter or proxy threw)"];
  }
}

function readProperty(obj, key, depth) {
  let value;
  try {
    value = obj[key];
  } catch {
    return ["x", "a property whose getter throws"];
  }
  return sanitize(value, depth);
}
