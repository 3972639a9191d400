// fourws/proxy: the server side of a storefront. It holds the 4WS credentials and forwards
// a page's `/api?cmd=...` calls to the 4WS host, for allowed commands only, after checking
// them with the client's own rules (the core's `RawForwarder`, in wasm), asking the
// integrator's `authorize` hook, and applying the per-caller and upstream rate limits.
//
// The handler uses web-standard APIs only (Request, Response, Headers, fetch, AbortSignal,
// TextEncoder), so it runs in Node 20+, Bun, Deno and Workers; `toNodeHandler` adapts it
// to `node:http`, Express and Connect. Every rule (the account's options, the call check,
// the upstream request, the per-caller window, the account's limiter key, masking) is the
// core's; this module does the I/O.
import init from "./browser.js";
import { RawForwarder, forwardMethod } from "./wasm/fourws.js";
import { isReady } from "./ready.js";
import { RESPONSE_HEADERS, checkAllow, invalid, readOptions } from "./proxy/options.js";
import { Refusal, clientAddress, envelope, readBody, readUpstream } from "./proxy/http.js";
import { LimiterUnavailable, consume } from "./limiter.js";
import { proxyMetrics } from "./proxy/metrics.js";

export { toNodeHandler } from "./proxy/node.js";

/** The core's side of the proxy, from the account's options (checked as `new Client`'s). */
function forwarder(config) {
  try {
    return new RawForwarder(config.account);
  } catch (e) {
    throw invalid(String(e?.message ?? e).replace(/ of Client options/g, ""));
  }
}

/** A call's query as the flat `[name, value, ...]` the core takes (`cmd` first). */
function flatOf(call) {
  const flat = ["cmd", call.cmd];
  for (const [k, v] of Object.entries(call.query ?? {})) {
    if (v === undefined || v === null) continue;
    flat.push(k, String(v));
  }
  return flat;
}

const bodyOf = (call) => (call.body === null || call.body === undefined ? "" : JSON.stringify(call.body));

/** Whether `verdict` is a documented pin: `{ query?, body? }`, query an object of strings. */
function isPin(verdict) {
  if (verdict === null || typeof verdict !== "object" || Array.isArray(verdict) || verdict instanceof Error) return false;
  if (Object.getPrototypeOf(verdict) !== Object.prototype && Object.getPrototypeOf(verdict) !== null) return false;
  const keys = Object.keys(verdict);
  if (keys.length === 0 || keys.some((k) => k !== "query" && k !== "body")) return false;
  const q = verdict.query;
  if (q !== undefined && (q === null || typeof q !== "object" || Array.isArray(q))) return false;
  return q === undefined || Object.values(q).every((v) => typeof v === "string");
}

const retryAfter = (ms) => String(Math.max(1, Math.ceil(ms / 1000)));

/**
 * Creates the proxy's handler: `(request: Request, info?) => Promise<Response>`.
 * `info` may carry the caller's address (`{ clientAddress }`, as `toNodeHandler` passes,
 * or Deno.serve's `{ remoteAddr }`). See the reference ("fourws/proxy") for every option.
 */
export function createProxy(options) {
  const config = readOptions(options);
  const { limits } = config;
  let fw = null;
  let metrics = null;
  const upstreamFetch = config.fetch ?? ((...args) => globalThis.fetch(...args));
  const setup = async () => {
    if (!isReady()) await init();
    fw ??= forwarder(config);
    checkAllow(config);
    if (config.metrics) metrics = await proxyMetrics(config.metrics);
  };
  let readyCheck = null;
  const ready = () => (readyCheck ??= setup());
  if (isReady()) {
    // Where the module is already loaded (Node), bad options throw at once.
    fw = forwarder(config);
    checkAllow(config);
    if (!config.metrics) readyCheck = Promise.resolve();
  }

  const log = (event) => {
    if (!config.onRequest) return;
    try {
      config.onRequest(event);
    } catch {
      // a logging hook must not break the proxy
    }
  };
  /** How long a limiter's store may take (timeoutMs, or 30 s where timeoutMs is 0: none). */
  const storeTimeout = () => fw.timeoutMs() || 30_000;
  const mask = (text) => (fw ? fw.maskText(String(text), []) : "(not shown)");
  /** The `cmd` label: a command this proxy allows, or "other" (never a caller's text). */
  const cmdLabel = (cmd) => (cmd === null ? "none" : config.allow.has(cmd) ? cmd : "other");

  async function handle(request, info) {
    const started = Date.now();
    const event = { method: request.method, cmd: null, query: null, client: null, status: 0, outcome: "refused", message: null, durationMs: 0 };
    let reason = null;
    const finish = (response) => {
      event.status = response.status;
      event.durationMs = Date.now() - started;
      // The log never holds the password, even where the caller sent it (a refusal quotes the
      // caller's values as sent; the log is not the caller's).
      if (event.query) {
        event.query = Object.fromEntries(Object.entries(event.query).map(([k, v]) => [mask(k), mask(v)]));
      }
      if (event.cmd !== null) event.cmd = mask(event.cmd);
      if (event.message !== null) event.message = mask(event.message);
      log(event);
      if (metrics) {
        metrics.request(cmdLabel(event.cmd), response.status);
        if (reason) metrics.refused(reason);
      }
      return response;
    };
    const refuse = (status, message, why, headers) => {
      reason = why;
      throw new Refusal(status, message, headers);
    };
    try {
      try {
        await ready();
      } catch (e) {
        event.outcome = "error";
        event.message = mask(e?.message ?? e);
        return finish(envelope(500, `The 4WS proxy is misconfigured: ${event.message}`));
      }
      const url = new URL(request.url);
      if (url.pathname !== config.path) refuse(404, `Not found: the 4WS proxy answers only at ${config.path}.`, "bad_request");
      if (request.method !== "GET" && request.method !== "POST") {
        refuse(405, `${request.method} is not forwarded: the 4WS proxy takes GET and POST.`, "method", { allow: "GET, POST" });
      }
      const cmds = url.searchParams.getAll("cmd");
      if (cmds.length === 1) event.cmd = cmds[0];
      if (limits.perCaller || limits.plain) {
        const key = limits.key ? await limits.key(request, info) : clientAddress(request, info, config.trustProxy);
        if (key === null || key === undefined || key === "") {
          // Issue 18 item 16: never one bucket for every caller.
          event.outcome = "error";
          event.message =
            "createProxy: the per-caller rate limit has no key for this call: the runtime gave no client address " +
            "(pass it as handle(request, { clientAddress }), use toNodeHandler, or give rateLimit.key, e.g. " +
            '(request) => request.headers.get("cf-connecting-ip")), or set rateLimit.perCaller: false';
          return finish(envelope(500, `The 4WS proxy is misconfigured: ${event.message}`));
        }
        event.client = String(key);
        let wait;
        try {
          wait = limits.perCaller ? await consume(limits.perCaller, event.client, storeTimeout()) : fw.take(event.client, Date.now());
        } catch (e) {
          if (!(e instanceof LimiterUnavailable)) throw e;
          refuse(503, "The proxy's rate limiter is unavailable (its store does not answer), so nothing was sent: try again later.", "limiter_unavailable");
        }
        if (wait > 0) {
          const s = retryAfter(wait);
          refuse(429, `Too many calls from this client: try again in ${s} s.`, "rate_limited_caller", { "retry-after": s });
        }
      }
      const flat = [];
      for (const [k, v] of url.searchParams) flat.push(k, v);
      if (cmds.length === 0) refuse(400, "The call names no `cmd`.", "bad_request");
      if (cmds.length > 1) refuse(400, "The call names `cmd` more than once.", "bad_request");
      if (!config.allow.has(cmds[0])) refuse(403, `The command ${JSON.stringify(cmds[0])} is not allowed through this proxy.`, "not_allowed");
      const systems = config.allow.get(cmds[0]);
      let body;
      try {
        // A GET's body (which fetch-style runtimes usually drop already) is refused by the check.
        body = request.body ? await readBody(request, config.maxBodyBytes) : "";
      } catch (e) {
        if (e instanceof Refusal) reason = e.status === 413 ? "too_large" : "bad_request";
        throw e;
      }
      const check = (method, query, text) => {
        try {
          return JSON.parse(fw.check(method, query, text, systems));
        } catch (e) {
          if (e && typeof e === "object" && e.kind === "invalidArgument" && typeof e.message === "string") {
            const status = e.status === 405 || e.status === 403 ? e.status : 400;
            reason = { 405: "method", 403: "not_allowed" }[status] ?? "bad_request";
            throw new Refusal(status, e.message, status === 405 && e.cmd ? { allow: forwardMethod(e.cmd) ?? "GET, POST" } : {});
          }
          throw e;
        }
      };
      let call = check(request.method, flat, body);
      event.query = call.query;
      if (config.authorize) {
        let verdict;
        try {
          verdict = await config.authorize(request, structuredClone(call));
        } catch (err) {
          event.outcome = "error";
          event.message = mask(`authorize threw: ${err?.message ?? String(err)}`);
          return finish(envelope(500, "The proxy could not decide whether this call is allowed."));
        }
        if (verdict instanceof Response) {
          reason = "unauthorized";
          return finish(verdict);
        }
        if (verdict === false) refuse(403, "This call is not allowed for you.", "unauthorized");
        if (verdict !== true) {
          if (!isPin(verdict)) {
            // Issue 18 item 13: an answer of another shape is the integrator's bug: refused.
            event.outcome = "error";
            event.message =
              "authorize answered something it may not: it must return true, false, a Response, or " +
              "{ query: { name: value, ... } } / { body } to pin parameters";
            return finish(envelope(500, "The proxy's authorize hook gave an answer it does not document; nothing was sent."));
          }
          // A pinned call forwards only what the integrator pinned (and the caller's
          // `start`, the page's position), checked again by the same rules.
          const query = { ...(verdict.query ?? {}) };
          if (call.query.start !== undefined && query.start === undefined) query.start = call.query.start;
          const pinned = { ...call, query, body: verdict.body !== undefined ? verdict.body : call.body };
          try {
            call = JSON.parse(fw.check(call.method, flatOf(pinned), bodyOf(pinned), systems));
          } catch (err) {
            event.outcome = "error";
            event.message = mask(`authorize pinned an invalid call: ${err?.message ?? err}`);
            return finish(envelope(500, "The proxy's authorize hook pinned an invalid call."));
          }
          event.query = call.query;
        }
      }
      if (limits.upstream) {
        let wait;
        try {
          wait = await consume(limits.upstream, fw.accountKey(), storeTimeout());
        } catch (e) {
          if (!(e instanceof LimiterUnavailable)) throw e;
          refuse(503, "The proxy's rate limiter is unavailable (its store does not answer), so nothing was sent: try again later.", "limiter_unavailable");
        }
        if (wait > 0) {
          const s = retryAfter(wait);
          refuse(429, `The shop's 4WS call budget is used up for now: try again in ${s} s.`, "rate_limited_upstream", { "retry-after": s });
        }
      }
      return finish(await forward(call, systems, request, event));
    } catch (err) {
      if (err instanceof Refusal) {
        event.message = err.message;
        return finish(envelope(err.status, err.message, err.headers));
      }
      reason = null;
      event.outcome = "error";
      event.message = mask(err?.message ?? err);
      return finish(envelope(500, "The 4WS proxy failed; see its log."));
    }
  }

  async function forward(call, systems, request, event) {
    // One check in the core gives the upstream request and the caller's own values.
    const { url: target, body: text, headers: pairs, kept } = JSON.parse(fw.request(call.method, flatOf(call), bodyOf(call), systems));
    const headers = new Headers();
    for (const name of config.forwardHeaders) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    headers.set("accept", "application/json");
    for (const [name, value] of pairs) headers.set(name, value);
    const timeoutMs = fw.timeoutMs();
    const controller = new AbortController();
    let timedOut = false;
    // timeoutMs 0: no timeout (the client's rule).
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
        : undefined;
    const onCallerGone = () => controller.abort();
    request.signal?.addEventListener?.("abort", onCallerGone, { once: true });
    event.outcome = "forwarded";
    const began = performance.now();
    // The caller gets `text`; the event says it too, unless it already holds the cause.
    const failed = (kind, status, text) => {
      event.outcome = "upstreamError";
      event.message ??= text;
      metrics?.upstreamError(kind);
      return envelope(status, text);
    };
    try {
      let upstream;
      try {
        upstream = await upstreamFetch(target, {
          method: call.method,
          headers,
          body: call.method === "POST" ? (text ?? "") : undefined,
          signal: controller.signal,
          redirect: "manual",
        });
      } catch (err) {
        if (timedOut) return failed("timeout", 504, `The 4WS host did not answer within ${Math.round(timeoutMs / 1000)} s.`);
        event.message = request.signal?.aborted ? "the caller went away before the 4WS host answered" : mask(err?.cause?.code ?? err?.message ?? err);
        return failed("network", 502, "The proxy could not reach the 4WS host.");
      }
      let bytes;
      try {
        bytes = await readUpstream(upstream, fw.maxResponseBytes());
      } catch (err) {
        if (err instanceof Refusal) return failed("http", 502, err.message);
        if (timedOut) return failed("timeout", 504, `The 4WS host did not finish its answer within ${Math.round(timeoutMs / 1000)} s.`);
        return failed("network", 502, "The 4WS host broke off its answer.");
      }
      // An answer in a charset the core cannot read cannot be checked for the password
      // (found by the storefront user test: a UTF-16 401 reached the page unmasked).
      const unreadable = fw.unreadableAnswer(upstream.headers.get("content-type") ?? undefined, bytes);
      if (unreadable) return failed("http", 502, `The 4WS host's answer was not passed on: ${unreadable}.`);
      metrics?.upstream(event.cmd, (performance.now() - began) / 1000);
      if (upstream.status < 200 || upstream.status > 299) {
        metrics?.upstreamError("http");
        // The log says what it means (a 401 here is the proxy's own credentials).
        event.message ??= fw.answerProblem(upstream.status, bytes) ?? null;
      }
      const out = new Headers({ "cache-control": "no-store" });
      for (const name of RESPONSE_HEADERS) {
        const value = upstream.headers.get(name);
        if (value !== null) out.set(name, fw.maskText(value, kept));
      }
      // The password masked as the page will read the answer (decoded JSON strings, the
      // bytes of a Latin-1 body, an HTML page's references); the caller's own values come
      // back as sent, so that no answer tells whether one of them is the password.
      let answer = bytes;
      const masked = fw.maskAnswer(bytes, kept);
      if (masked) {
        answer = new TextEncoder().encode(masked[0]);
        out.set("content-type", masked[1]);
      }
      const status = upstream.status >= 200 && upstream.status <= 599 && upstream.status !== 101 ? upstream.status : 502;
      const nullBody = status === 204 || status === 205 || status === 304;
      return new Response(nullBody ? null : answer, { status, headers: out });
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener?.("abort", onCallerGone);
    }
  }

  handle.path = config.path;
  return handle;
}
