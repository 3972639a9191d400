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
import { FourWsError } from "./fourws.js";

/** Headers that carry the shop's identity: only the proxy sets them upstream. */
const CREDENTIAL_HEADERS = ["username", "password", "companyid", "siteid", "appid", "applicationid", "namespace"];

/** Caller headers that may never be forwarded, whatever `forwardHeaders` says. */
const NEVER_FORWARDED = new Set([
  ...CREDENTIAL_HEADERS,
  "languageid",
  "loadroles",
  "cookie",
  "authorization",
  "proxy-authorization",
  "host",
  "content-length",
  "content-type",
  "transfer-encoding",
  "connection",
  "x-http-method-override",
  "x-method-override",
]);

/** Upstream response headers passed back to the page (never `Set-Cookie`). */
const RESPONSE_HEADERS = ["content-type", "retry-after"];

const DEFAULTS = {
  path: "/api",
  timeoutMs: 30_000,
  maxBodyBytes: 16 * 1024,
  maxResponseBytes: 32 * 1024 * 1024,
  rateLimit: { maxCalls: 60, perMs: 60_000 },
};

const OPTIONS = new Set([
  "baseUrl",
  "applicationId",
  "username",
  "password",
  "companyId",
  "siteId",
  "namespace",
  "languageId",
  "loadRoles",
  "allow",
  "authorize",
  "rateLimit",
  "trustProxy",
  "forwardHeaders",
  "path",
  "timeoutMs",
  "maxBodyBytes",
  "maxResponseBytes",
  "onRequest",
  "fetch",
]);

function invalid(message) {
  return new FourWsError("invalidArgument", `createProxy: ${message}`);
}

function headerSafe(name, value) {
  if (typeof value !== "string") throw invalid(`\`${name}\` must be a string`);
  // eslint-disable-next-line no-control-regex
  if (/[\r\n\0]|[^\u0000-\u00ff]/.test(value)) {
    throw invalid(`\`${name}\` cannot be sent as an HTTP header (a line break, a NUL or a character outside Latin-1)`);
  }
  return value;
}

function positiveInteger(name, value, fallback) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw invalid(`\`${name}\` must be a whole number above 0, got ${String(value)}`);
  return value;
}

/** Checks the options once; throws `FourWsError` (`invalidArgument`) naming the bad one. */
function readOptions(options) {
  if (!options || typeof options !== "object") throw invalid("needs an options object (baseUrl, applicationId, credentials, allow)");
  for (const key of Object.keys(options)) {
    if (!OPTIONS.has(key)) throw invalid(`unknown option \`${key}\``);
  }
  let base;
  try {
    base = new URL(String(options.baseUrl));
  } catch {
    throw invalid("`baseUrl` must be the 4WS host's http(s) URL");
  }
  if ((base.protocol !== "http:" && base.protocol !== "https:") || base.search || base.hash) {
    throw invalid("`baseUrl` must be an http(s) URL without query or fragment");
  }
  const applicationId = headerSafe("applicationId", options.applicationId ?? "");
  if (!applicationId) throw invalid("`applicationId` is required");
  const credentials = {};
  for (const [option, header] of [
    ["username", "username"],
    ["password", "password"],
    ["companyId", "companyId"],
    ["siteId", "siteId"],
    ["namespace", "namespace"],
  ]) {
    if (options[option] !== undefined) credentials[header] = headerSafe(option, options[option]);
  }
  if (options.languageId !== undefined && options.languageId !== "IT" && options.languageId !== "EN") {
    throw invalid(`\`languageId\` must be "IT" or "EN", got ${String(options.languageId)}`);
  }
  if (!options.allow || typeof options.allow !== "object") {
    throw invalid("`allow` must name the commands a page may call, e.g. { getLoyaltyVouchers_v1: true }");
  }
  const allow = new Set();
  for (const [cmd, on] of Object.entries(options.allow)) {
    if (on !== true && on !== false) throw invalid(`\`allow.${cmd}\` must be true or false`);
    if (on) allow.add(cmd);
  }
  for (const name of ["authorize", "onRequest", "fetch"]) {
    if (options[name] !== undefined && typeof options[name] !== "function") throw invalid(`\`${name}\` must be a function`);
  }
  let rateLimit = DEFAULTS.rateLimit;
  if (options.rateLimit === false) rateLimit = null;
  else if (options.rateLimit !== undefined) {
    const r = options.rateLimit;
    if (!r || typeof r !== "object") throw invalid("`rateLimit` must be { maxCalls, perMs, key? } or false");
    if (r.key !== undefined && typeof r.key !== "function") throw invalid("`rateLimit.key` must be a function");
    rateLimit = {
      maxCalls: positiveInteger("rateLimit.maxCalls", r.maxCalls, DEFAULTS.rateLimit.maxCalls),
      perMs: positiveInteger("rateLimit.perMs", r.perMs, DEFAULTS.rateLimit.perMs),
      key: r.key,
    };
  }
  const forwardHeaders = [];
  for (const name of options.forwardHeaders ?? []) {
    const lower = String(name).toLowerCase();
    if (NEVER_FORWARDED.has(lower)) throw invalid(`\`forwardHeaders\` cannot include \`${name}\`: the proxy sets or drops it`);
    forwardHeaders.push(lower);
  }
  const path = options.path ?? DEFAULTS.path;
  if (typeof path !== "string" || !path.startsWith("/")) throw invalid("`path` must start with /");
  return {
    base: base.href.replace(/\/+$/, ""),
    applicationId,
    credentials,
    password: typeof options.password === "string" ? options.password : "",
    username: typeof options.username === "string" ? options.username : undefined,
    languageId: options.languageId,
    loadRoles: options.loadRoles === true,
    allow,
    authorize: options.authorize,
    rateLimit,
    trustProxy: options.trustProxy === true,
    forwardHeaders,
    path,
    timeoutMs: positiveInteger("timeoutMs", options.timeoutMs, DEFAULTS.timeoutMs),
    maxBodyBytes: positiveInteger("maxBodyBytes", options.maxBodyBytes, DEFAULTS.maxBodyBytes),
    maxResponseBytes: positiveInteger("maxResponseBytes", options.maxResponseBytes, DEFAULTS.maxResponseBytes),
    onRequest: options.onRequest,
    fetch: options.fetch,
  };
}

function checkAllow(config) {
  for (const cmd of config.allow) {
    if (forwardMethod(cmd) === undefined) {
      throw invalid(`\`allow\` names ${JSON.stringify(cmd)}, which is not a 4WS command fourws can check`);
    }
  }
}

/** A refusal or proxy failure, as the 4WS envelope the browser client reads. */
function envelope(status, message, extra = {}) {
  return new Response(JSON.stringify({ success: false, message }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...extra },
  });
}

class Refusal extends Error {
  constructor(status, message, headers = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

/** Sliding-window call log per caller key. */
class Limiter {
  #calls = new Map();
  constructor({ maxCalls, perMs }) {
    this.maxCalls = maxCalls;
    this.perMs = perMs;
  }
  /** Records a call of `key` at `now`; returns 0, or the ms to wait when over the limit. */
  take(key, now) {
    let log = this.#calls.get(key);
    if (!log) {
      if (this.#calls.size >= 10_000) this.#prune(now);
      log = [];
      this.#calls.set(key, log);
    }
    while (log.length && log[0] <= now - this.perMs) log.shift();
    if (log.length >= this.maxCalls) return log[0] + this.perMs - now;
    log.push(now);
    return 0;
  }
  #prune(now) {
    for (const [key, log] of this.#calls) {
      if (!log.length || log[log.length - 1] <= now - this.perMs) this.#calls.delete(key);
    }
  }
}

/**
 * The caller's address: the runtime's (`info` is toNodeHandler's `{ clientAddress }`,
 * Deno.serve's `{ remoteAddr }` or Bun.serve's server), or, only with trustProxy, the last
 * `X-Forwarded-For` entry.
 */
function clientAddress(request, info, trustProxy) {
  if (trustProxy) {
    const forwarded = request.headers.get("x-forwarded-for");
    if (forwarded) {
      const hops = forwarded.split(",").map((s) => s.trim()).filter(Boolean);
      if (hops.length) return hops[hops.length - 1];
    }
  }
  if (info?.clientAddress) return info.clientAddress; // toNodeHandler
  if (info?.remoteAddr?.hostname) return info.remoteAddr.hostname; // Deno.serve
  if (typeof info?.requestIP === "function") return info.requestIP(request)?.address ?? null; // Bun.serve's server
  return null;
}

/** Reads the request body as text, refusing more than `max` bytes. */
async function readBody(request, max) {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > max) throw new Refusal(413, `The request body is larger than ${max} bytes.`);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      reader.cancel().catch(() => {});
      throw new Refusal(413, `The request body is larger than ${max} bytes.`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(all);
  } catch {
    throw new Refusal(400, "The request body is not UTF-8 text.");
  }
}

/** Reads an upstream body, up to `max` bytes. */
async function readUpstream(response, max) {
  const chunks = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        reader.cancel().catch(() => {});
        throw new Refusal(502, `The 4WS host sent more than ${max} bytes (maxResponseBytes).`);
      }
      chunks.push(value);
    }
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return all;
}

function indexOf(haystack, needle, from) {
  const first = needle[0];
  for (let i = haystack.indexOf(first, from); i !== -1 && i <= haystack.length - needle.length; i = haystack.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** Replaces every form of the secret in `bytes` by `***` (bytes untouched when absent). */
function maskBytes(bytes, forms) {
  const encoder = new TextEncoder();
  const stars = encoder.encode("***");
  let out = bytes;
  for (const form of forms) {
    const needle = encoder.encode(form);
    let at = indexOf(out, needle, 0);
    if (at === -1) continue;
    const parts = [];
    let from = 0;
    while (at !== -1) {
      parts.push(out.subarray(from, at), stars);
      from = at + needle.length;
      at = indexOf(out, needle, from);
    }
    parts.push(out.subarray(from));
    const next = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let pos = 0;
    for (const p of parts) {
      next.set(p, pos);
      pos += p.byteLength;
    }
    out = next;
  }
  return out;
}

function maskText(text, forms) {
  let out = text;
  for (const form of forms) out = out.split(form).join("***");
  return out;
}

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

/**
 * Adapts a fetch-style handler to `node:http`, Express and Connect:
 * `http.createServer(toNodeHandler(handle))` or `app.use(toNodeHandler(handle))`.
 * With a `next` (Express/Connect), requests for other paths go on to the next handler.
 * The caller's address (`req.socket.remoteAddress`) is passed on for the rate limit.
 */
export function toNodeHandler(handle) {
  if (typeof handle !== "function") throw new FourWsError("invalidArgument", "toNodeHandler needs the handler createProxy returned");
  return function fourwsProxy(req, res, next) {
    const rawPath = req.originalUrl ?? req.url ?? "/";
    let url;
    try {
      url = new URL(rawPath, "http://localhost");
    } catch {
      url = null;
    }
    if (typeof next === "function" && handle.path && url?.pathname !== handle.path) return next();
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const headers = new Headers();
    const raw = req.rawHeaders ?? [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      try {
        headers.append(raw[i], raw[i + 1]);
      } catch {
        // a header the fetch API cannot hold is not forwarded anyway
      }
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const body = hasBody
      ? new ReadableStream({
          async start(c) {
            try {
              for await (const chunk of req) c.enqueue(new Uint8Array(chunk));
              c.close();
            } catch (err) {
              c.error(err);
            }
          },
        })
      : null;
    let request;
    try {
      request = new Request(url ? url.href : "http://localhost/", { method: req.method, headers, body, duplex: "half", signal: controller.signal });
    } catch {
      // fetch refuses some methods outright (TRACE, CONNECT, TRACK): refused here as well.
      const badMethod = req.method !== "GET" && req.method !== "POST";
      const message = badMethod ? `${req.method} is not forwarded: the 4WS proxy takes GET and POST.` : "The request could not be read.";
      res.writeHead(badMethod ? 405 : 400, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...(badMethod ? { allow: "GET, POST" } : {}) });
      res.end(JSON.stringify({ success: false, message }));
      return;
    }
    Promise.resolve(handle(request, { clientAddress: req.socket?.remoteAddress ?? null }))
      .then(async (response) => {
        const out = {};
        response.headers.forEach((value, name) => {
          if (name !== "set-cookie") out[name] = value;
        });
        res.writeHead(response.status, out);
        if (response.body && req.method !== "HEAD") {
          const reader = response.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            res.write(value);
          }
        }
        res.end();
        if (hasBody && !req.complete) req.resume();
      })
      .catch(() => {
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
          res.end(JSON.stringify({ success: false, message: "The 4WS proxy failed." }));
        } else res.destroy();
      });
  };
}
