// Client options from the environment (and `--env-file`): the only place credentials come
// from. Nothing here ever repeats a value it read, so no message can carry the password.
import { readFileSync } from "node:fs";
import { UsageError } from "./usage.js";
import { redisLimiter } from "./redis.js";

/** Environment variable → client option. */
export const VARIABLES = {
  FOURWS_BASE_URL: "baseUrl",
  FOURWS_APPLICATION_ID: "applicationId",
  FOURWS_USERNAME: "username",
  FOURWS_PASSWORD: "password",
  FOURWS_COMPANY_ID: "companyId",
  FOURWS_SITE_ID: "siteId",
  FOURWS_NAMESPACE: "namespace",
  FOURWS_LANGUAGE_ID: "languageId",
};

const REQUIRED = ["FOURWS_BASE_URL", "FOURWS_APPLICATION_ID"];

/**
 * The client and paging options a job may tune, each with a flag and a variable (the flag
 * wins). Values are handed to the library as they are; its own checks (ranges, "did you
 * mean") refuse a bad one, naming the option.
 * kind: "number" (a whole number), "rate" (N/MS: at most N calls per MS milliseconds),
 * "flag" (a boolean; the variable takes 1/true/yes or 0/false/no).
 * target: "client" (a `new Client` option) or "paging" (an option of each paginator).
 */
export const TUNABLE = [
  { flag: "timeout-ms", variable: "FOURWS_TIMEOUT_MS", option: "timeoutMs", kind: "number", target: "client" },
  { flag: "max-retries", variable: "FOURWS_MAX_RETRIES", option: "maxRetries", kind: "number", target: "client" },
  { flag: "max-retry-after-ms", variable: "FOURWS_MAX_RETRY_AFTER_MS", option: "maxRetryAfterMs", kind: "number", target: "client" },
  { flag: "max-response-bytes", variable: "FOURWS_MAX_RESPONSE_BYTES", option: "maxResponseBytes", kind: "number", target: "client" },
  { flag: "rate-limit", variable: "FOURWS_RATE_LIMIT", option: "rateLimit", kind: "rate", target: "client" },
  { flag: "concurrency", variable: "FOURWS_CONCURRENCY", option: "concurrency", kind: "number", target: "paging" },
  { flag: "allow-repeated-pages", variable: "FOURWS_ALLOW_REPEATED_PAGES", option: "allowRepeatedPages", kind: "flag", target: "paging" },
];

function tunedValue(t, text, from) {
  if (t.kind === "number") {
    if (!/^\d+$/.test(text)) throw new UsageError(`${from} must be a whole number, got '${text}'`);
    return Number(text);
  }
  if (t.kind === "rate") {
    const m = /^(\d+)\/(\d+)$/.exec(text);
    if (!m) throw new UsageError(`${from} must be N/MS (at most N calls per MS milliseconds, e.g. 100/60000), got '${text}'`);
    return { maxCalls: Number(m[1]), perMs: Number(m[2]) };
  }
  if (/^(1|true|yes)$/i.test(text)) return true;
  if (/^(0|false|no)$/i.test(text)) return false;
  throw new UsageError(`${from} must be 1/true/yes or 0/false/no, got '${text}'`);
}

/**
 * The tuned options of a run: from the flags, else from the variables.
 * @param {Record<string, unknown>} values parsed flags
 * @param {Record<string, string | undefined>} env
 * @returns {{ client: Record<string, unknown>, paging: Record<string, unknown> }}
 */
export function tuning(values, env) {
  const out = { client: {}, paging: {} };
  for (const t of TUNABLE) {
    let value;
    if (values[t.flag] !== undefined) {
      value = t.kind === "flag" ? values[t.flag] : tunedValue(t, values[t.flag], `--${t.flag}`);
    } else if (env[t.variable] !== undefined && env[t.variable] !== "") {
      value = tunedValue(t, env[t.variable], t.variable);
    } else continue;
    out[t.target][t.option] = value;
  }
  return out;
}

/**
 * Parses a dotenv-style file: `KEY=VALUE` lines, `#` comments, blank lines, an optional
 * `export ` prefix, values optionally in single or double quotes. Errors name the line
 * number only, never its text (it may hold the password).
 * @param {string} path
 * @returns {Record<string, string>}
 */
export function readEnvFile(path) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read --env-file ${path}: ${e.code ?? e.message}`);
  }
  const out = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new UsageError(`--env-file ${path}, line ${i + 1}: expected KEY=VALUE`);
    let value = m[2];
    const q = value[0];
    if ((q === '"' || q === "'") && value.length >= 2 && value.endsWith(q)) value = value.slice(1, -1);
    else if (q === '"' || q === "'") throw new UsageError(`--env-file ${path}, line ${i + 1}: unterminated quote`);
    else value = value.replace(/\s+#.*$/, "");
    out[m[1]] = value;
  }
  return out;
}

/**
 * The environment the command runs with: the process environment, filled in from the env
 * file (a variable already set in the environment wins, as with Node's `--env-file`).
 * @param {string | undefined} envFile
 * @returns {Record<string, string | undefined>}
 */
export function environment(envFile) {
  if (envFile === undefined) return process.env;
  return { ...readEnvFile(envFile), ...process.env };
}

/**
 * Client options from the environment. `FOURWS_HEADERS` (a JSON object) adds headers to every
 * request, e.g. for a proxy; the credential headers cannot be overridden that way.
 * @param {Record<string, string | undefined>} env
 * @returns {{ options: Record<string, unknown>, password: string | null }}
 */
export function clientOptions(env) {
  const missing = REQUIRED.filter((k) => !env[k]);
  if (missing.length > 0) {
    throw new UsageError(
      `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set: set the FOURWS_* variables ` +
        "in the environment or pass --env-file FILE (see fourws --help)",
    );
  }
  const options = {};
  for (const [name, option] of Object.entries(VARIABLES)) {
    const value = env[name];
    if (value !== undefined && value !== "") options[option] = value;
  }
  if (env.FOURWS_HEADERS) {
    let headers;
    try {
      headers = JSON.parse(env.FOURWS_HEADERS);
    } catch {
      throw new UsageError("FOURWS_HEADERS must be a JSON object of header names to string values");
    }
    if (headers === null || typeof headers !== "object" || Array.isArray(headers) || Object.values(headers).some((v) => typeof v !== "string")) {
      throw new UsageError("FOURWS_HEADERS must be a JSON object of header names to string values");
    }
    options.headers = headers;
  }
  // FOURWS_REDIS_URL: the account's budget shared with the shop's proxies (see redis.js).
  const shared = redisLimiter(env);
  if (shared) options.rateLimit = shared;
  return { options, password: options.password ?? null };
}

/**
 * Who the checkpoint was written for: the account's identifying options (never the password).
 * @param {Record<string, unknown>} options
 */
export function accountOf(options) {
  const { baseUrl, applicationId, username, companyId, siteId, namespace, languageId } = options;
  return { baseUrl, applicationId, username, companyId, siteId, namespace, languageId };
}
