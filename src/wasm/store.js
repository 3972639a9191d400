// The cache store's I/O (src/wasm/cache.rs): calls the caller's store, which may be any
// object with get/set/delete, each returning its result or a promise of it (a Keyv
// instance, idbStore(), a Map...). Nothing here throws or rejects: a failing or hanging
// store must never break a lookup.

function describe(e) {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return "an error that cannot be described";
  }
}

/**
 * Calls store.get(key), store.set(key, value) (value: the entry's JSON text, handed to the
 * store as a plain object) or store.delete(key). Resolves to [true, result] (for get: the
 * entry as JSON text, or null) or [false, what went wrong], within `timeoutMs`.
 */
export function storeCall(store, op, key, value, timeoutMs) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve([false, `it did not answer within ${timeoutMs} ms`]), timeoutMs);
    const done = (r) => {
      clearTimeout(timer);
      resolve(r);
    };
    let started;
    try {
      if (op === "set") started = store.set(key, JSON.parse(value));
      else if (op === "get") started = store.get(key);
      else started = store.delete(key);
    } catch (e) {
      done([false, describe(e)]);
      return;
    }
    Promise.resolve(started).then(
      (v) => {
        if (op !== "get" || v === undefined || v === null) return done([true, null]);
        if (typeof v === "string") return done([true, v]);
        try {
          const text = JSON.stringify(v);
          done([true, typeof text === "string" ? text : null]);
        } catch (e) {
          done([false, describe(e)]);
        }
      },
      (e) => done([false, describe(e)]),
    );
  });
}

/** Calls the onRequest hook with a cache event; neither a throw nor a rejection escapes. */
export function reportToHook(hook, event) {
  try {
    const r = hook(event);
    if (r !== null && typeof r === "object" && typeof r.then === "function") r.then(undefined, () => {});
  } catch {}
}
