// The few things the wasm layer needs from the JavaScript host that are simpler and
// safer to write in JavaScript: abortable timers and size-limited body reading.

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

/** A signal that aborts when any of `signals` (some may be undefined) aborts. */
export function anySignal(signals) {
  const list = signals.filter(Boolean);
  if (list.length === 1) return list[0];
  if (typeof AbortSignal.any === "function") return AbortSignal.any(list);
  const c = new AbortController();
  for (const s of list) {
    if (s.aborted) c.abort();
    else s.addEventListener("abort", () => c.abort(), { once: true });
  }
  return c.signal;
}

/** A signal that aborts after `ms` milliseconds (never, for 0). */
export function timeoutSignal(ms) {
  const c = new AbortController();
  if (ms > 0) {
    const t = setTimeout(() => c.abort(), ms);
    // Don't keep a Node process alive for a timer nobody waits on any more.
    if (t && typeof t.unref === "function") t.unref();
    c.signal.addEventListener("abort", () => clearTimeout(t), { once: true });
    c.done = () => clearTimeout(t);
  } else {
    c.done = () => {};
  }
  return c;
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

/** Settles like `promise`, or rejects as soon as `signal` aborts (for a fetch that ignores it). */
export function raceAbort(promise, signal) {
  if (signal.aborted) return Promise.reject(new Error("aborted"));
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
