// fourws/proxy: its options, checked once when the proxy is created. The account's options
// (baseUrl, applicationId, credentials, languageId, loadRoles, timeoutMs, maxResponseBytes,
// rateLimit's maxCalls/perMs) are the client's own and checked by the core as `new Client`
// checks them (`accountOptions`, then `RawForwarder`); this module checks what only the
// proxy has.
import { forwardMethod } from "../wasm/fourws.js";
import { FourWsError } from "../fourws.js";
import { isLimiter } from "../limiter.js";

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
export const RESPONSE_HEADERS = ["content-type", "retry-after"];

const DEFAULTS = {
  path: "/api",
  maxBodyBytes: 16 * 1024,
  rateLimit: { maxCalls: 60, perMs: 60_000 },
};

/** The options the core checks as the client's (same names, same rules). */
const ACCOUNT = [
  "baseUrl",
  "applicationId",
  "username",
  "password",
  "companyId",
  "siteId",
  "namespace",
  "languageId",
  "loadRoles",
  "timeoutMs",
  "maxResponseBytes",
];

const OPTIONS = new Set([
  ...ACCOUNT,
  "allow",
  "authorize",
  "rateLimit",
  "trustProxy",
  "forwardHeaders",
  "path",
  "maxBodyBytes",
  "onRequest",
  "fetch",
  "metrics",
]);

const RATE_LIMIT = new Set(["maxCalls", "perMs", "key", "perCaller", "upstream"]);

export function invalid(message) {
  return new FourWsError("invalidArgument", `createProxy: ${message}`);
}

function positiveInteger(name, value, fallback) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw invalid(`\`${name}\` must be a whole number above 0, got ${String(value)}`);
  return value;
}

function limiterOption(name, value) {
  if (value === undefined || value === false) return null;
  if (!isLimiter(value)) {
    throw invalid(`\`rateLimit.${name}\` must be a rate-limiter-flexible limiter (an object with consume(key, points)), or false`);
  }
  return value;
}

/** Checks the options once; throws `FourWsError` (`invalidArgument`) naming the bad one. */
export function readOptions(options) {
  if (!options || typeof options !== "object") throw invalid("needs an options object (baseUrl, applicationId, credentials, allow)");
  for (const key of Object.keys(options)) {
    if (!OPTIONS.has(key)) throw invalid(`unknown option \`${key}\``);
  }
  if (!options.allow || typeof options.allow !== "object") {
    throw invalid("`allow` must name the commands a page may call, e.g. { getLoyaltyVouchers_v1: true }");
  }
  // allow: true (a lookup, or an export's complete extraction), false, or for an export
  // { systems: [...] }: incremental exports (and `system`) for those systems only.
  const allow = new Map();
  for (const [cmd, on] of Object.entries(options.allow)) {
    if (on === false) continue;
    if (on === true) {
      allow.set(cmd, []);
      continue;
    }
    const systems = on && typeof on === "object" ? on.systems : undefined;
    const keys = on && typeof on === "object" ? Object.keys(on) : [];
    if (!Array.isArray(systems) || keys.some((k) => k !== "systems") || !systems.every((s) => typeof s === "string" && s.trim())) {
      throw invalid(`\`allow.${cmd}\` must be true, false, or for an export { systems: ["NAME", ...] } (the systems whose incremental exports a page may run)`);
    }
    allow.set(cmd, [...systems]);
  }
  for (const name of ["authorize", "onRequest", "fetch"]) {
    if (options[name] !== undefined && typeof options[name] !== "function") throw invalid(`\`${name}\` must be a function`);
  }
  // rateLimit: false; { maxCalls, perMs, key? } (per caller, in this process); or
  // { perCaller?, upstream?, key? } with rate-limiter-flexible limiters (shared by every
  // instance through their store). perCaller defaults to the plain form's defaults.
  let plain = DEFAULTS.rateLimit;
  let perCaller = null;
  let upstream = null;
  let key;
  if (options.rateLimit === false) plain = null;
  else if (options.rateLimit !== undefined) {
    const r = options.rateLimit;
    if (!r || typeof r !== "object" || isLimiter(r)) {
      throw invalid("`rateLimit` must be { maxCalls, perMs, key? }, { perCaller, upstream, key? } (rate-limiter-flexible limiters) or false");
    }
    for (const k of Object.keys(r)) if (!RATE_LIMIT.has(k)) throw invalid(`unknown option \`rateLimit.${k}\``);
    if (r.key !== undefined && typeof r.key !== "function") throw invalid("`rateLimit.key` must be a function");
    key = r.key;
    upstream = limiterOption("upstream", r.upstream);
    if (r.perCaller !== undefined) {
      if (r.maxCalls !== undefined || r.perMs !== undefined) {
        throw invalid("`rateLimit` takes either `perCaller` (a limiter) or `maxCalls` and `perMs`, not both");
      }
      perCaller = limiterOption("perCaller", r.perCaller);
      plain = null;
    } else {
      plain = {
        maxCalls: positiveInteger("rateLimit.maxCalls", r.maxCalls, DEFAULTS.rateLimit.maxCalls),
        perMs: positiveInteger("rateLimit.perMs", r.perMs, DEFAULTS.rateLimit.perMs),
      };
    }
  }
  if (options.metrics !== undefined && (options.metrics === null || typeof options.metrics?.registerMetric !== "function")) {
    throw invalid("`metrics` must be a prom-client Registry (new Registry() from prom-client)");
  }
  const forwardHeaders = [];
  for (const name of options.forwardHeaders ?? []) {
    const lower = String(name).toLowerCase();
    if (NEVER_FORWARDED.has(lower)) throw invalid(`\`forwardHeaders\` cannot include \`${name}\`: the proxy sets or drops it`);
    forwardHeaders.push(lower);
  }
  const path = options.path ?? DEFAULTS.path;
  if (typeof path !== "string" || !path.startsWith("/")) throw invalid("`path` must start with /");
  const account = {};
  for (const name of ACCOUNT) if (options[name] !== undefined) account[name] = options[name];
  if (plain) account.rateLimit = plain;
  return {
    account,
    allow,
    authorize: options.authorize,
    limits: { perCaller, upstream, key, plain: plain !== null },
    trustProxy: options.trustProxy === true,
    forwardHeaders,
    path,
    maxBodyBytes: positiveInteger("maxBodyBytes", options.maxBodyBytes, DEFAULTS.maxBodyBytes),
    onRequest: options.onRequest,
    fetch: options.fetch,
    metrics: options.metrics,
  };
}

export function checkAllow(config) {
  for (const [cmd, systems] of config.allow) {
    const method = forwardMethod(cmd);
    if (method === undefined) {
      throw invalid(`\`allow\` names ${JSON.stringify(cmd)}, which is not a 4WS command fourws can check`);
    }
    if (systems.length > 0 && method !== "POST") {
      throw invalid(`\`allow.${cmd}\` takes { systems } only for an export; write true`);
    }
  }
}
