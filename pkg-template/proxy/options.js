// fourws/proxy: its options, checked once when the proxy is created.
import { forwardMethod } from "../wasm/fourws.js";
import { FourWsError } from "../fourws.js";

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

export function invalid(message) {
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
export function readOptions(options) {
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

export function checkAllow(config) {
  for (const cmd of config.allow) {
    if (forwardMethod(cmd) === undefined) {
      throw invalid(`\`allow\` names ${JSON.stringify(cmd)}, which is not a 4WS command fourws can check`);
    }
  }
}
