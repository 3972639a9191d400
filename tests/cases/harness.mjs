// A tiny assertion and test-list harness that runs the same checks in Node and in a
// browser page (tests/node/hardening.test.mjs, tests/browser/hardening.test.mjs).

/** Throws with `message` unless `cond`. */
export function ok(cond, message) {
  if (!cond) throw new Error(message);
}

/** Throws unless `a === b`. */
export function equal(a, b, message) {
  if (a !== b) throw new Error(`${message}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
}

/** Awaits `promiseOrFn`; returns what it threw (fails if it did not throw). */
export async function thrown(promiseOrFn, message) {
  try {
    const v = typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn;
    await v;
  } catch (e) {
    return e;
  }
  throw new Error(`${message}: expected an error, got none`);
}

/** Rejects if `promise` takes longer than `ms`. */
export function within(ms, promise, what) {
  let t;
  return Promise.race([
    Promise.resolve(promise).finally(() => clearTimeout(t)),
    new Promise((_, reject) => {
      t = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
    }),
  ]);
}

/**
 * What a check receives: the package's exports, the mock server's URL and a client
 * factory with the mock's credentials.
 */
export function environment({ Client, FourWsError, mockUrl }) {
  const client = (extra = {}) =>
    new Client({
      baseUrl: mockUrl,
      applicationId: "KEEPIT",
      username: "fourws-demo",
      password: "mock-password",
      companyId: "MOCK",
      siteId: "1",
      ...extra,
    });
  const requests = async () => (await fetch(`${mockUrl}/__mock/requests`)).json();
  const reset = () => fetch(`${mockUrl}/__mock/reset`, { method: "POST" });
  return { Client, FourWsError, mockUrl, client, requests, reset, PASSWORD: "mock-password" };
}

/** The `Request` a fetch function was called with, in either of fetch's forms. */
export function asRequest(input, init) {
  return input instanceof Request ? input : new Request(input, init);
}

/**
 * A `fetch` for the client's `fetch` option that relays each request to the real mock and
 * lets `transform({ url, start, json, attempt })` change the answer: return an object (sent
 * as the JSON body, status 200), a `Response`, or undefined to pass the mock's answer on.
 * `attempt` counts the requests seen so far (from 1).
 */
export function relay(transform) {
  let attempt = 0;
  return async (input, init) => {
    const req = asRequest(input, init);
    attempt++;
    const url = new URL(req.url);
    const forwarded = new Request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.method === "POST" ? await req.text() : undefined,
      signal: req.signal,
    });
    const res = await fetch(forwarded);
    const json = await res.json();
    const start = url.searchParams.has("start") ? Number(url.searchParams.get("start")) : null;
    const out = await transform({ url, start, json, attempt, request: req });
    if (out instanceof Response) return out;
    return new Response(JSON.stringify(out ?? json), {
      status: out === undefined ? res.status : 200,
      headers: { "content-type": "application/json" },
    });
  };
}

/** A JSON `Response`. */
export function jsonResponse(body, status = 200, headers = {}) {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}
