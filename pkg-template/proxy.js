// fourws/proxy: the server side of a storefront. It holds the 4WS credentials and forwards
// a page's `/api?cmd=...` calls to the 4WS host, for allowed commands only, after checking
// their parameters with the client's own rules (the core's `checkForward`, in wasm),
// asking the integrator's `authorize` hook, and applying a per-caller rate limit.
//
// The handler uses web-standard APIs only (Request, Response, Headers, fetch, AbortSignal,
// TextEncoder), so it runs in Node 20+, Bun, Deno and Workers; `toNodeHandler` adapts it
// to `node:http`, Express and Connect.
import init from "./browser.js";
import { checkForward, forwardMethod, secretForms } from "./wasm/fourws.js";
import { isReady } from "./ready.js";
import { RESPONSE_HEADERS, checkAllow, invalid, readOptions } from "./proxy/options.js";
import { Refusal, clientAddress, envelope, readBody, readUpstream } from "./proxy/http.js";
import { Limiter } from "./proxy/limiter.js";
import { maskBytes, maskText } from "./proxy/mask.js";

export { toNodeHandler } from "./proxy/node.js";

/** The call as `checkForward` takes it: method, flat query pairs, body text. */
function pairsOf(call) {
  const flat = ["cmd", call.cmd];
  for (const [k, v] of Object.entries(call.query ?? {})) {
    if (v === undefined || v === null) continue;
    flat.push(k, String(v));
  }
  return flat;
}

function check(method, flat, body) {
  try {
    return JSON.parse(checkForward(method, flat, body));
  } catch (e) {
    // The core's refusals are plain error objects of kind invalidArgument; anything else is
    // a failure of the proxy itself (a 500, logged).
    if (e && typeof e === "object" && e.kind === "invalidArgument" && typeof e.message === "string") {
      throw new Refusal(e.status === 405 ? 405 : 400, e.message, e.status === 405 && e.cmd ? { allow: forwardMethod(e.cmd) } : {});
    }
    throw e;
  }
}

/**
 * Creates the proxy's handler: `(request: Request, info?) => Promise<Response>`.
 * `info` may carry the caller's address (`{ clientAddress }`, as `toNodeHandler` passes,
 * or Deno.serve's `{ remoteAddr }`). See the README ("fourws/proxy") for every option.
 */
export function createProxy(options) {
  const config = readOptions(options);
  const limiter = config.rateLimit ? new Limiter(config.rateLimit) : null;
  // The forms of the password to mask in what goes back: the client's own (the core's
  // Secret), computed once the module is ready.
  let forms = null;
  const masks = () => {
    if (forms === null && isReady()) {
      forms = config.password ? secretForms(config.password, config.username) : [];
    }
    return forms ?? [];
  };
  const upstreamFetch = config.fetch ?? ((...args) => globalThis.fetch(...args));
  let readyCheck = null;
  const ready = () => {
    readyCheck ??= (isReady() ? Promise.resolve() : init()).then(() => checkAllow(config));
    return readyCheck;
  };
  if (isReady()) {
    checkAllow(config); // throws at once where the module is already loaded (Node)
    readyCheck = Promise.resolve();
  }

  const log = (event) => {
    if (!config.onRequest) return;
    try {
      config.onRequest(event);
    } catch {
      // a logging hook must not break the proxy
    }
  };

  async function handle(request, info) {
    const started = Date.now();
    const event = { method: request.method, cmd: null, query: null, client: null, status: 0, outcome: "refused", message: null, durationMs: 0 };
    const finish = (response) => {
      event.status = response.status;
      event.durationMs = Date.now() - started;
      log(event);
      return response;
    };
    try {
      await ready();
      const url = new URL(request.url);
      if (url.pathname !== config.path) throw new Refusal(404, `Not found: the 4WS proxy answers only at ${config.path}.`);
      if (request.method !== "GET" && request.method !== "POST") {
        throw new Refusal(405, `${request.method} is not forwarded: the 4WS proxy takes GET and POST.`, { allow: "GET, POST" });
      }
      if (limiter) {
        const key = config.rateLimit.key ? await config.rateLimit.key(request, info) : clientAddress(request, info, config.trustProxy);
        event.client = key === null || key === undefined ? null : String(key);
        const wait = limiter.take(event.client ?? "unknown", Date.now());
        if (wait > 0) {
          const seconds = Math.max(1, Math.ceil(wait / 1000));
          throw new Refusal(429, `Too many calls from this client: try again in ${seconds} s.`, { "retry-after": String(seconds) });
        }
      }
      const flat = [];
      for (const [k, v] of url.searchParams) flat.push(k, v);
      const cmds = url.searchParams.getAll("cmd");
      if (cmds.length === 0) throw new Refusal(400, "The call names no `cmd`.");
      if (cmds.length > 1) throw new Refusal(400, "The call names `cmd` more than once.");
      event.cmd = cmds[0];
      if (!config.allow.has(cmds[0])) throw new Refusal(403, `The command ${JSON.stringify(cmds[0])} is not allowed through this proxy.`);
      // A GET's body (which fetch-style runtimes usually drop already) is refused by the check.
      const body = request.body ? await readBody(request, config.maxBodyBytes) : "";
      let call = check(request.method, flat, body);
      event.query = call.query;
      if (config.authorize) {
        let verdict;
        try {
          verdict = await config.authorize(request, structuredClone(call));
        } catch (err) {
          event.message = `authorize threw: ${err?.message ?? String(err)}`;
          return finish(envelope(500, "The proxy could not decide whether this call is allowed."));
        }
        if (verdict instanceof Response) {
          event.outcome = "refused";
          return finish(verdict);
        }
        if (verdict !== true && !(verdict && typeof verdict === "object")) {
          throw new Refusal(403, "This call is not allowed for you.");
        }
        if (verdict !== true) {
          // Pinned parameters: the hook's values replace the caller's, and the result is
          // checked again by the same rules.
          const pinned = { ...call, query: { ...call.query, ...(verdict.query ?? {}) }, body: verdict.body !== undefined ? verdict.body : call.body };
          try {
            call = check(call.method, pairsOf(pinned), pinned.body === null ? "" : JSON.stringify(pinned.body));
          } catch (err) {
            event.message = `authorize pinned an invalid call: ${err.message}`;
            return finish(envelope(500, "The proxy's authorize hook pinned an invalid call."));
          }
          event.query = call.query;
        }
      }
      return finish(await forward(call, request, event));
    } catch (err) {
      if (err instanceof Refusal) {
        event.message = err.message;
        return finish(envelope(err.status, err.message, err.headers));
      }
      event.outcome = "error";
      event.message = maskText(String(err?.message ?? err), masks());
      return finish(envelope(500, "The 4WS proxy failed; see its log."));
    }
  }

  async function forward(call, request, event) {
    const id = encodeURIComponent(config.applicationId);
    let target = `${config.base}/api?cmd=${encodeURIComponent(call.cmd)}&appId=${id}&applicationId=${id}`;
    for (const [k, v] of Object.entries(call.query)) target += `&${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
    const headers = new Headers();
    for (const name of config.forwardHeaders) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    headers.set("accept", "application/json");
    for (const [name, value] of Object.entries(config.credentials)) headers.set(name, value);
    headers.set("appId", config.applicationId);
    headers.set("applicationId", config.applicationId);
    if (config.languageId) headers.set("languageId", config.languageId);
    if (config.loadRoles) headers.set("loadRoles", "Y");
    let body;
    if (call.method === "POST") {
      headers.set("content-type", "application/json");
      body = JSON.stringify(call.body ?? {});
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, config.timeoutMs);
    const onCallerGone = () => controller.abort();
    request.signal?.addEventListener?.("abort", onCallerGone, { once: true });
    event.outcome = "forwarded";
    try {
      let upstream;
      try {
        upstream = await upstreamFetch(target, { method: call.method, headers, body, signal: controller.signal, redirect: "manual" });
      } catch (err) {
        event.outcome = "upstreamError";
        if (timedOut) return envelope(504, `The 4WS host did not answer within ${Math.round(config.timeoutMs / 1000)} s.`);
        event.message = request.signal?.aborted
          ? "the caller went away before the 4WS host answered"
          : maskText(String(err?.cause?.code ?? err?.message ?? err), masks());
        return envelope(502, "The proxy could not reach the 4WS host.");
      }
      let bytes;
      try {
        bytes = await readUpstream(upstream, config.maxResponseBytes);
      } catch (err) {
        event.outcome = "upstreamError";
        if (err instanceof Refusal) return envelope(502, err.message);
        if (timedOut) return envelope(504, `The 4WS host did not finish its answer within ${Math.round(config.timeoutMs / 1000)} s.`);
        return envelope(502, "The 4WS host broke off its answer.");
      }
      const out = new Headers({ "cache-control": "no-store" });
      for (const name of RESPONSE_HEADERS) {
        const value = upstream.headers.get(name);
        if (value !== null) out.set(name, maskText(value, masks()));
      }
      const status = upstream.status >= 200 && upstream.status <= 599 && upstream.status !== 101 ? upstream.status : 502;
      const nullBody = status === 204 || status === 205 || status === 304;
      return new Response(nullBody ? null : maskBytes(bytes, masks()), { status, headers: out });
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener?.("abort", onCallerGone);
    }
  }

  handle.path = config.path;
  return handle;
}
