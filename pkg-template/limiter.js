// Shared limiters (rate-limiter-flexible's RateLimiterRedis, RateLimiterMemory, ... or any
// object with the same `consume(key, points)` contract), as the client's `rateLimit` and
// the proxy's `rateLimit.perCaller` / `rateLimit.upstream` use them. The key comes from
// the core (the account's key, or the caller's); this module only reads the library's
// answer: a resolved promise lets the call go, a rejection with a result (`msBeforeNext`)
// means over the limit, any other rejection means the store failed.

/** Whether `value` is a limiter object (has a `consume` function), not a plain option. */
export function isLimiter(value) {
  try {
    return value !== null && typeof value === "object" && typeof value.consume === "function";
  } catch {
    return false;
  }
}

/** The store failed (Redis down, ...): nothing may be sent unmetered. */
export class LimiterUnavailable extends Error {
  constructor(cause) {
    // Only the failure's code or class name: a store error may name its URL.
    const what = cause?.code ?? cause?.name ?? (typeof cause === "string" ? "error" : "error");
    super(`the shared rate limiter's store failed (${String(what).slice(0, 60)})`);
    this.name = "LimiterUnavailable";
  }
}

/**
 * Consumes one point of `key`. Resolves to 0 (go) or the milliseconds before the next
 * point (over the limit); rejects with LimiterUnavailable when the store fails or does not
 * answer within `timeoutMs`.
 */
export async function consume(limiter, key, timeoutMs = 5000) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new LimiterUnavailable({ code: "ETIMEDOUT" })), timeoutMs);
  });
  try {
    await Promise.race([limiter.consume(key, 1), late]);
    return 0;
  } catch (r) {
    // Ours (a timeout) or a FourWsError (e.g. the CLI's optional packages are missing): as is.
    if (r instanceof LimiterUnavailable || (r instanceof Error && typeof r.kind === "string")) throw r;
    if (r !== null && typeof r === "object" && !(r instanceof Error) && typeof r.msBeforeNext === "number") {
      return Math.max(1, Math.ceil(r.msBeforeNext));
    }
    throw new LimiterUnavailable(r);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The client's gate for the wasm transport: awaited before each attempt; resolves to 0 or
 * the ms to wait; rejects with `{ kind, message }` (a FourWsError's fields) when it fails.
 */
export function clientGate(limiter, key) {
  return async () => {
    try {
      return await consume(limiter, key);
    } catch (e) {
      if (e && typeof e.kind === "string") throw { kind: e.kind, message: e.message };
      throw { kind: "network", message: `${e.message}: nothing was sent. Check the store of the rateLimit limiter (e.g. Redis).` };
    }
  };
}
