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
